using Akka.Actor;

namespace RuntimeActors.Actors;

/// <summary>
/// An operation whose result an actor will own (a listener from a bind, a connection from a connect or an accept),
/// told to the actor as a message when it completes. The actor may stop first: then nobody would dispose what the
/// operation gives, and a port would stay bound or a connection open until the garbage collector found it. The actor
/// calls <see cref="Abandon"/> in PostStop for every operation whose message it has not handled, and the result is
/// disposed here instead, exactly once, whether it comes later or already sits in the dead mailbox.
/// </summary>
internal sealed class PendingResource<T>
    where T : class, IAsyncDisposable
{
    private const int Pending = 0;
    private const int Told = 1;
    private const int Abandoned = 2;

    private readonly Task<T> _operation;
    private readonly Action<T, Exception> _onDisposeFailed;
    private int _state;

    private PendingResource(Task<T> operation, Action<T, Exception> onDisposeFailed)
    {
        _operation = operation;
        _onDisposeFailed = onDisposeFailed;
    }

    /// <summary>
    /// Tells <paramref name="actor"/> <paramref name="success"/> or <paramref name="failure"/> when
    /// <paramref name="operation"/> completes, unless it was abandoned by then.
    /// </summary>
    public static PendingResource<T> Start(
        ValueTask<T> operation,
        IActorRef actor,
        Func<T, PendingResource<T>, object> success,
        Func<Exception, PendingResource<T>, object> failure,
        Action<T, Exception> onDisposeFailed)
    {
        var pending = new PendingResource<T>(operation.AsTask(), onDisposeFailed);
        pending._operation.ContinueWith(
            static (task, state) =>
            {
                var (self, actor, success, failure) = ((PendingResource<T>, IActorRef, Func<T, PendingResource<T>, object>, Func<Exception, PendingResource<T>, object>))state!;
                self.Complete(task, actor, success, failure);
            },
            (pending, actor, success, failure),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return pending;
    }

    /// <summary>
    /// The actor will not handle this operation's message: what it gives is disposed, now if it has come, else when
    /// it comes. Call it from the actor itself, which knows whether it has handled the message.
    /// </summary>
    public void Abandon()
    {
        if (Interlocked.Exchange(ref _state, Abandoned) == Told)
        {
            // The message was sent but never handled: it is a dead letter now, and its resource is ours to close.
            DisposeResult(_operation);
        }
    }

    private void Complete(Task<T> task, IActorRef actor, Func<T, PendingResource<T>, object> success, Func<Exception, PendingResource<T>, object> failure)
    {
        if (Interlocked.CompareExchange(ref _state, Told, Pending) != Pending)
        {
            DisposeResult(task);
            return;
        }

        actor.Tell(task.IsCompletedSuccessfully
            ? success(task.Result, this)
            : failure(task.Exception?.GetBaseException() ?? new OperationCanceledException(), this));
    }

    private void DisposeResult(Task<T> task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            return;
        }

        var resource = task.Result;
        try
        {
            resource.DisposeAsync().AsTask().ContinueWith(
                static (t, state) =>
                {
                    var (self, resource) = ((PendingResource<T>, T))state!;
                    self._onDisposeFailed(resource, t.Exception!.GetBaseException());
                },
                (this, resource),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            _onDisposeFailed(resource, e);
        }
    }
}
