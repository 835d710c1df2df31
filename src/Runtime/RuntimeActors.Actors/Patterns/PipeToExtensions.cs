namespace RuntimeActors.Actors;

/// <summary>Turns the completion of a task into a message, so that an actor never blocks on I/O.</summary>
public static class PipeToExtensions
{
    /// <summary>
    /// When <paramref name="task"/> completes, tells <paramref name="recipient"/> its result (through
    /// <paramref name="success"/> if given) or a <see cref="Status.Failure"/> (through <paramref name="failure"/> if given).
    /// </summary>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null, Func<T, object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        sender ??= ActorCell.Current?.Self;
        return task.ContinueWith(
            completed =>
            {
                if (completed.IsCompletedSuccessfully)
                {
                    var result = completed.Result;
                    recipient.Tell(success is null ? result! : success(result), sender);
                }
                else
                {
                    var cause = Unwrap(completed);
                    recipient.Tell(failure is null ? new Status.Failure(cause) : failure(cause), sender);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>
    /// When <paramref name="task"/> completes, tells <paramref name="recipient"/> <paramref name="success"/>'s message
    /// (a <see cref="Status.Success"/> by default) or a <see cref="Status.Failure"/>.
    /// </summary>
    public static Task PipeTo(this Task task, IActorRef recipient, IActorRef? sender = null, Func<object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        sender ??= ActorCell.Current?.Self;
        return task.ContinueWith(
            completed =>
            {
                if (completed.IsCompletedSuccessfully)
                {
                    recipient.Tell(success is null ? new Status.Success(null) : success(), sender);
                }
                else
                {
                    var cause = Unwrap(completed);
                    recipient.Tell(failure is null ? new Status.Failure(cause) : failure(cause), sender);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static Exception Unwrap(Task completed) =>
        completed.IsCanceled
            ? new TaskCanceledException(completed)
            : completed.Exception!.InnerExceptions.Count == 1 ? completed.Exception.InnerExceptions[0] : completed.Exception;
}
