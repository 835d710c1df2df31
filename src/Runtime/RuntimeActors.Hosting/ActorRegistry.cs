using System.Diagnostics.CodeAnalysis;
using RuntimeActors.Actors;

namespace RuntimeActors.Hosting;

/// <summary>The registry of the hosted actor system; one lock guards the actors and the waits, which are rare and short.</summary>
internal sealed class ActorRegistry(string systemName) : IActorRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IActorRef> _actors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource<IActorRef>> _waiters = new(StringComparer.Ordinal);
    private string? _closedBecause;

    public void Register(string name, IActorRef actor)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(actor);
        TaskCompletionSource<IActorRef>? waiter;
        lock (_lock)
        {
            if (_actors.TryGetValue(name, out var existing))
            {
                throw new ArgumentException(
                    $"An actor named '{name}' is already registered in actor system '{systemName}' ({existing.Path}); cannot register {actor.Path} under the same name.",
                    nameof(name));
            }

            _actors.Add(name, actor);
            _waiters.Remove(name, out waiter);
        }

        // Completed outside the lock; the waiter runs its continuations asynchronously anyway.
        waiter?.TrySetResult(actor);
    }

    public IActorRef Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            if (_actors.TryGetValue(name, out var actor))
            {
                return actor;
            }

            var registered = _actors.Count == 0
                ? "No actor is registered yet: the builder's actors are registered when the host starts; use GetAsync to wait for them."
                : "Registered: " + string.Join(", ", _actors.Keys.Order(StringComparer.Ordinal).Select(static key => $"'{key}'")) + ".";
            throw new KeyNotFoundException($"No actor named '{name}' is registered in actor system '{systemName}'. {registered}");
        }
    }

    public bool TryGet(string name, [NotNullWhen(true)] out IActorRef? actor)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            return _actors.TryGetValue(name, out actor);
        }
    }

    public Task<IActorRef> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        TaskCompletionSource<IActorRef>? waiter;
        lock (_lock)
        {
            if (_actors.TryGetValue(name, out var actor))
            {
                return Task.FromResult(actor);
            }

            if (_closedBecause is not null)
            {
                return Task.FromException<IActorRef>(NeverRegistered(name, _closedBecause));
            }

            if (!_waiters.TryGetValue(name, out waiter))
            {
                // Asynchronous continuations keep consumers' code off the thread that registers, often the host's start.
                waiter = new TaskCompletionSource<IActorRef>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add(name, waiter);
            }
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// No more actors will come: fails the pending waits so that no consumer waits for ever on a system that
    /// failed to start or has terminated.
    /// </summary>
    public void Close(string because)
    {
        List<KeyValuePair<string, TaskCompletionSource<IActorRef>>> pending;
        lock (_lock)
        {
            _closedBecause ??= because;
            pending = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var (name, waiter) in pending)
        {
            waiter.TrySetException(NeverRegistered(name, because));
        }
    }

    private InvalidOperationException NeverRegistered(string name, string because) =>
        new($"No actor named '{name}' was registered in actor system '{systemName}': {because}.");
}
