using System.Collections.Concurrent;
using Akka.Actor;

namespace RuntimeActors.Hosting;

/// <summary>
/// The sockets <see cref="SocketRuntimeHostingExtensions.WithSocket{TKey}"/> created in an actor system, by key type:
/// the .NET face of what <c>IRequiredActor&lt;TKey&gt;</c> gives as an actor. It is an Akka.NET extension of the
/// system (<see cref="For"/>), so it fills while the system starts; <see cref="AkkaSocketServiceCollectionExtensions.AddSocketRuntimeServices"/>
/// makes it (and <see cref="IRequiredSocket{TKey}"/>) a service.
/// </summary>
public sealed class SocketRegistry : IExtension
{
    private readonly ConcurrentDictionary<Type, TaskCompletionSource<ZSocket>> _sockets = new();

    /// <summary>The registry of <paramref name="system"/>.</summary>
    public static SocketRegistry For(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension<SocketRegistry, SocketRegistryExtension>();
    }

    /// <summary>Records <paramref name="socket"/> under <typeparamref name="TKey"/>; false if a socket is there already.</summary>
    public bool TryRegister<TKey>(ZSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return Slot(typeof(TKey)).TrySetResult(socket);
    }

    /// <summary>The socket under <typeparamref name="TKey"/>, if it is there yet.</summary>
    public bool TryGet<TKey>([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ZSocket? socket)
    {
        if (_sockets.TryGetValue(typeof(TKey), out var slot) && slot.Task.IsCompletedSuccessfully)
        {
            socket = slot.Task.Result;
            return true;
        }

        socket = null;
        return false;
    }

    /// <summary>The socket under <typeparamref name="TKey"/>.</summary>
    /// <exception cref="KeyNotFoundException">No socket is registered under <typeparamref name="TKey"/> (yet: the actor system has not started).</exception>
    public ZSocket Get<TKey>() =>
        TryGet<TKey>(out var socket) ? socket : throw new KeyNotFoundException($"no socket is registered under {typeof(TKey).FullName}");

    /// <summary>The socket under <typeparamref name="TKey"/>, awaiting its registration while the actor system starts.</summary>
    public Task<ZSocket> GetAsync<TKey>(CancellationToken cancellationToken = default) =>
        Slot(typeof(TKey)).Task.WaitAsync(cancellationToken);

    private TaskCompletionSource<ZSocket> Slot(Type key) =>
        _sockets.GetOrAdd(key, static _ => new TaskCompletionSource<ZSocket>(TaskCreationOptions.RunContinuationsAsynchronously));
}
