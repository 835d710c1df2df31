using Akka.Actor;

namespace RuntimeActors.Hosting;

/// <summary>The <see cref="IRequiredSocket{TKey}"/> service: looks the socket up in the actor system's <see cref="SocketRegistry"/>.</summary>
/// <typeparam name="TKey">The key type given to <c>WithSocket</c>.</typeparam>
public sealed class RequiredSocket<TKey> : IRequiredSocket<TKey>
{
    private readonly SocketRegistry _registry;

    /// <summary>Creates the lookup in the sockets of <paramref name="system"/>.</summary>
    public RequiredSocket(ActorSystem system) => _registry = SocketRegistry.For(system);

    /// <inheritdoc />
    public ZSocket Socket => _registry.Get<TKey>();

    /// <inheritdoc />
    public Task<ZSocket> GetAsync(CancellationToken cancellationToken = default) => _registry.GetAsync<TKey>(cancellationToken);
}
