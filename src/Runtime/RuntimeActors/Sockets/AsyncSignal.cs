using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// A pulse that wakes whoever waits for "something changed" (a pipe got room, a peer arrived). Read
/// <see cref="Version"/> before checking the condition and pass it to <see cref="WaitAsync"/>, so that a pulse between
/// the check and the wait is not lost.
/// </summary>
/// <remarks>
/// A count and one reused wait, where a new <see cref="TaskCompletionSource"/> per pulse (every time an engine took
/// from a full queue) and a <see cref="Task.WaitAsync(CancellationToken)"/> promise per wait made a sender blocked at the
/// high-water mark allocate. Senders waiting at once share a task (<see cref="ReusableWaiter"/>).
/// </remarks>
internal sealed class AsyncSignal
{
    private readonly ReusableWaiter _waiter = new();
    private int _version;

    /// <summary>How many pulses there were; read it before checking the condition.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>Completes at the first pulse after <paramref name="version"/> was read, or at once if there was one.</summary>
    public ValueTask WaitAsync(int version, CancellationToken cancellationToken)
    {
        if (Version != version)
        {
            return ValueTask.CompletedTask;
        }

        var waiting = _waiter.WaitAsync(cancellationToken);
        // A pulse between the check above and the wait found nobody to wake: wake the wait now (a full fence each side,
        // the wait's and Pulse's increment, so one of the two sees the other).
        if (Version != version)
        {
            _waiter.Wake(true);
        }

        return waiting;
    }

    /// <summary>
    /// Blocks the calling thread until the first pulse after <paramref name="version"/> was read, or at most
    /// <paramref name="timeout"/>; false when the time ran out first. The pulse wakes the thread directly.
    /// </summary>
    public bool WaitBlocking(int version, TimeSpan timeout)
    {
        if (Version != version)
        {
            return true;
        }

        if (!_waiter.TryBeginBlocking())
        {
            var shared = _waiter.JoinShared();
            return Version != version || shared.Wait(timeout);
        }

        // As in WaitAsync: a pulse between the check above and the start found nobody to wake.
        if (Version != version)
        {
            _waiter.Wake(true);
        }

        return _waiter.Block(timeout);
    }

    public void Pulse()
    {
        Interlocked.Increment(ref _version);
        _waiter.Wake(true);
    }
}
