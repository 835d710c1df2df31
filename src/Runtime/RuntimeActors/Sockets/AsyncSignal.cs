namespace RuntimeActors.Sockets;

/// <summary>
/// A pulse that wakes everyone waiting for "something changed" (a pipe got room, a peer arrived). Take
/// <see cref="Next"/> before checking the condition, so that a pulse between the check and the wait is not lost.
/// </summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
