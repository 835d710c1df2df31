namespace RuntimeActors.Hosting;

/// <summary>
/// The socket <see cref="SocketRuntimeHostingExtensions.WithSocket{TKey}"/> set up under <typeparamref name="TKey"/>,
/// for constructor injection, as Akka.Hosting's <c>IRequiredActor&lt;TKey&gt;</c> gives its actor.
/// </summary>
/// <typeparam name="TKey">The key type given to <c>WithSocket</c>.</typeparam>
public interface IRequiredSocket<TKey>
{
    /// <summary>The socket; the actor system must have started.</summary>
    /// <exception cref="KeyNotFoundException">The socket is not set up yet.</exception>
    ZSocket Socket { get; }

    /// <summary>The socket, once the actor system has started and bound or connected it.</summary>
    Task<ZSocket> GetAsync(CancellationToken cancellationToken = default);
}
