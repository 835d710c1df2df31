namespace RuntimeActors.Actors;

/// <summary>Request/response with actors from anywhere: the reply (or a timeout) completes a task.</summary>
public static class AskExtensions
{
    private static long s_nextAsk;

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="target"/> with a temporary sender and waits for the
    /// first reply. A <see cref="Status.Failure"/> reply faults the task with its cause.
    /// </summary>
    /// <typeparam name="T">The type the reply must have.</typeparam>
    /// <param name="target">The actor asked.</param>
    /// <param name="message">The question.</param>
    /// <param name="timeout">How long to wait; null for the system's AskTimeout (10 s when the target is not a local actor).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="AskTimeoutException">No reply in time; the message names the target.</exception>
    public static Task<T> Ask<T>(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Ask<T>(target, _ => message, timeout, cancellationToken);

    /// <summary>
    /// Like <see cref="Ask{T}(IActorRef, object, TimeSpan?, CancellationToken)"/> for protocols whose messages carry
    /// their reply address: <paramref name="messageFactory"/> receives the temporary reference to put in the message.
    /// </summary>
    public static Task<T> Ask<T>(this IActorRef target, Func<IActorRef, object> messageFactory, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(messageFactory);
        var system = (target as LocalActorRef)?.Cell.System;
        var time = system?.TimeProvider ?? TimeProvider.System;
        var limit = timeout ?? system?.Options.AskTimeout ?? TimeSpan.FromSeconds(10);
        if (limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An Ask timeout must be positive.");
        }

        var path = ActorPath.Root(system?.Name ?? "ask").Child("temp").Child("$ask" + Interlocked.Increment(ref s_nextAsk));
        var promise = new PromiseActorRef<T>(path, target);
        var message = messageFactory(promise);
        var timer = time.CreateTimer(static state => ((Action)state!)(), (Action)(() => promise.TimeOut(limit, message)), limit, Timeout.InfiniteTimeSpan);
        var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static (state, token) => ((PromiseActorRef<T>)state!).Cancel(token), promise)
            : default;
        _ = promise.Task.ContinueWith(
            static (_, state) =>
            {
                var (timer, registration) = ((ITimer, CancellationTokenRegistration))state!;
                timer.Dispose();
                registration.Dispose();
            },
            (timer, registration),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        target.Tell(message, promise);
        return promise.Task;
    }
}
