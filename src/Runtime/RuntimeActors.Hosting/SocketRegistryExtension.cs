using Akka.Actor;

namespace RuntimeActors.Hosting;

/// <summary>The Akka.NET extension id of <see cref="SocketRegistry"/>: one registry per actor system.</summary>
public sealed class SocketRegistryExtension : ExtensionIdProvider<SocketRegistry>
{
    /// <inheritdoc />
    public override SocketRegistry CreateExtension(ExtendedActorSystem system) => new();
}
