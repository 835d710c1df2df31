using Akka.Actor;

namespace RuntimeActors;

/// <summary>The Akka.NET extension id of <see cref="SocketRuntime"/>: one runtime per actor system (<see cref="SocketRuntime.Get"/>).</summary>
public sealed class SocketRuntimeExtension : ExtensionIdProvider<SocketRuntime>
{
    /// <inheritdoc />
    public override SocketRuntime CreateExtension(ExtendedActorSystem system) => new(system);
}
