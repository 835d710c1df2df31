namespace RuntimeActors.Actors;

/// <summary>A one-shot reference that completes an Ask with the first reply it gets, or fails it on timeout.</summary>
internal sealed class PromiseActorRef<T> : InternalActorRef
{
    private readonly TaskCompletionSource<T> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IActorRef _target;

    public PromiseActorRef(ActorPath path, IActorRef target)
    {
        Path = path;
        _target = target;
    }

    public override ActorPath Path { get; }

    public override bool IsTerminated => _promise.Task.IsCompleted;

    public Task<T> Task => _promise.Task;

    public override void Tell(object message, IActorRef? sender)
    {
        switch (message)
        {
            case Status.Failure failure:
                _promise.TrySetException(failure.Cause);
                break;
            case T reply:
                _promise.TrySetResult(reply);
                break;
            default:
                _promise.TrySetException(new InvalidCastException(
                    $"Ask of [{_target.Path}] expected a reply of type {typeof(T).Name} but received {message.GetType().Name}."));
                break;
        }
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && watch.Watcher is InternalActorRef watcher && IsTerminated)
        {
            watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: true));
        }
    }

    public void TimeOut(TimeSpan timeout, object question) =>
        _promise.TrySetException(new AskTimeoutException(
            $"Ask timed out on [{_target.Path}] after {timeout.TotalMilliseconds:0} ms; the question was a {question.GetType().Name}."));

    public void Cancel(CancellationToken token) => _promise.TrySetCanceled(token);
}
