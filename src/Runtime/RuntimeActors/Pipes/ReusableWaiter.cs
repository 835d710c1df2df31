using System.Threading.Tasks.Sources;

namespace RuntimeActors.Pipes;

/// <summary>
/// The wait of a queue's one waiting side (a socket's receiver, an engine's writer), reused from one wait to the next:
/// <see cref="WaitAsync"/> hands out a <see cref="ValueTask"/> backed by this object and <see cref="Wake"/> completes it,
/// so a wait allocates nothing. A <see cref="TaskCompletionSource"/> per wait cost its task, and with a cancellable
/// token the promise of <see cref="Task.WaitAsync(CancellationToken)"/> and its invoker too, on every wait of every
/// REQ/REP round trip.
/// </summary>
/// <remarks>
/// <para>
/// The owner keeps its own "someone waits" flag under its lock, next to the condition waited for, and calls
/// <see cref="Wake"/> after releasing the lock. So a wake may reach a wait that started after the waker decided to wake
/// (the first one was cancelled meanwhile): every waiter checks its condition again after waking, as with any
/// condition variable, and a wake never reaches nobody when someone waits.
/// </para>
/// <para>
/// One waiter at a time is what this is for. A second wait while one is pending (two threads receiving on one socket,
/// or several engines waiting for room in one socket's queue) waits on a shared <see cref="TaskCompletionSource{TResult}"/>
/// that the next <see cref="Wake"/> completes: such concurrency costs allocations, as before, never a lost wake.
/// </para>
/// <para>
/// Continuations run asynchronously, so <see cref="Wake"/> never runs the waiter's code on the waker's thread (a
/// socket's sender, an engine's read loop). An abandoned wait (its <see cref="ValueTask{TResult}"/> never awaited) keeps
/// the reusable wait busy; later waits then take the shared one.
/// </para>
/// </remarks>
internal sealed class ReusableWaiter : IValueTaskSource<bool>, IValueTaskSource
{
    private const int Idle = 0;
    private const int Waiting = 1;
    private const int Completed = 2;

    // Between Idle and Waiting while the new owner says how it is to be woken; a wake then finds nobody waiting, which
    // the owners' protocols allow for (they start a wait under the lock their wakers decide under, or check again).
    private const int Starting = 3;

    private static readonly Action<object?, CancellationToken> CancelWait = static (state, token) => ((ReusableWaiter)state!).Cancel(token);

    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _registration;
    private int _state;
    private TaskCompletionSource<bool>? _overflow;

    // The event of a thread blocked in the reusable wait (TryBeginBlocking), which a wake sets instead of completing _core.
    private ManualResetEventSlim? _blocked;

    /// <summary>Whether the reusable wait is out now (awaited, or completed and not yet taken); for tests.</summary>
    internal bool IsBusy => Volatile.Read(ref _state) != Idle;

    /// <summary>Starts a wait that the next <see cref="Wake"/> completes with its result.</summary>
    /// <returns>A value task to await once, as any; it fails with <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled first.</returns>
    public ValueTask<bool> WaitForResultAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        return TryStart(cancellationToken, out var version) ? new ValueTask<bool>(this, version) : new ValueTask<bool>(WaitSharedAsync(cancellationToken));
    }

    /// <summary>Starts a wait that the next <see cref="Wake"/> completes, for a waiter that needs no result.</summary>
    /// <returns>A value task to await once, as any; it fails with <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled first.</returns>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        return TryStart(cancellationToken, out var version) ? new ValueTask(this, version) : new ValueTask(WaitSharedAsync(cancellationToken));
    }

    /// <summary>Completes every wait pending now with <paramref name="result"/>; a no-op when none is.</summary>
    public void Wake(bool result)
    {
        if (Interlocked.CompareExchange(ref _state, Completed, Waiting) == Waiting)
        {
            // Read after the exchange: the owner set it before it went from Starting to Waiting.
            if (_blocked is { } blocked)
            {
                blocked.Set();
            }
            else
            {
                _core.SetResult(result);
            }
        }

        Interlocked.Exchange(ref _overflow, null)?.TrySetResult(result);
    }

    /// <summary>
    /// Starts a wait in which the calling thread will block (<see cref="Block"/>), so that a wake sets the thread's event
    /// and schedules nothing on the thread pool. False when the reusable wait is out already: wait with
    /// <see cref="WaitAsync"/> instead.
    /// </summary>
    /// <remarks>For a caller blocking a thread of its own, as zmq_recv does: the waker wakes it directly, with no pool thread between.</remarks>
    public bool TryBeginBlocking()
    {
        if (Interlocked.CompareExchange(ref _state, Starting, Idle) != Idle)
        {
            return false;
        }

        var blocked = ThreadBlocker.Event;
        blocked.Reset();
        _blocked = blocked;

        // A full fence, as in TryStart: the owner's check of its condition after this must not be read before it.
        Interlocked.Exchange(ref _state, Waiting);
        return true;
    }

    /// <summary>Blocks the thread that began the wait until a wake, or <paramref name="timeout"/>; false when the time ran out first.</summary>
    public bool Block(TimeSpan timeout)
    {
        var blocked = _blocked!;
        var woken = blocked.Wait(timeout);
        if (!woken && Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
        {
            return false;
        }

        // Woken, or a waker took the wait as the time ran out: it sets the event as its last step, wait for that.
        if (!woken)
        {
            blocked.Wait();
        }

        Volatile.Write(ref _state, Idle);
        return true;
    }

    /// <summary>
    /// For a thread that blocks while the reusable wait is out (a second receiver or sender at once): the shared task the
    /// next <see cref="Wake"/> completes, to block on. Costs allocations, as any concurrent second wait.
    /// </summary>
    public Task<bool> JoinShared() => WaitSharedAsync(CancellationToken.None);

    /// <inheritdoc />
    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc />
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <inheritdoc />
    public bool GetResult(short token)
    {
        if (token != _core.Version)
        {
            throw new InvalidOperationException("The wait was already awaited; a value task is awaited once.");
        }

        if (_core.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            // Taking the result of a wait still pending (a blocking GetAwaiter().GetResult()) must not free the waiter
            // under the wait: its wake would then be lost.
            throw new InvalidOperationException("The wait has not completed; await it, or block on AsTask().");
        }

        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            // Dispose, not Unregister: it waits for a cancellation callback already running, so none can reach the next wait.
            _registration.Dispose();
            _registration = default;
            _core.Reset();
            Volatile.Write(ref _state, Idle);
        }
    }

    /// <inheritdoc />
    void IValueTaskSource.GetResult(short token) => GetResult(token);

    /// <summary>Takes the reusable wait; false when it is out already, and the caller waits on the shared one.</summary>
    private bool TryStart(CancellationToken cancellationToken, out short version)
    {
        if (Interlocked.CompareExchange(ref _state, Starting, Idle) != Idle)
        {
            version = 0;
            return false;
        }

        _blocked = null;
        version = _core.Version;
        if (cancellationToken.CanBeCanceled)
        {
            // Reuses the token source's registration nodes from one wait to the next, unlike a linked source or WaitAsync.
            _registration = cancellationToken.UnsafeRegister(CancelWait, this);
        }

        // Waiting only now, after the registration: a token cancelled meanwhile finds the wait Starting and does nothing,
        // so the check below catches it. A full fence, not a volatile write: owners check their condition again right
        // after this (AsyncSignal reads its version), and x86 lets a plain store wait in the store buffer behind that
        // load. A waker that changed the condition then still found the wait Starting and woke nobody, and the owner had
        // read the old condition: a lost wake, which hung a socket actor's ResumeWriting (bench tcp actor rows, 1 run
        // in 15).
        Interlocked.Exchange(ref _state, Waiting);
        if (cancellationToken.IsCancellationRequested)
        {
            Cancel(cancellationToken);
        }

        return true;
    }

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Completed, Waiting) == Waiting)
        {
            _core.SetException(new OperationCanceledException(token));
        }
    }

    private Task<bool> WaitSharedAsync(CancellationToken cancellationToken)
    {
        var shared = Volatile.Read(ref _overflow);
        while (shared is null)
        {
            var created = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            shared = Interlocked.CompareExchange(ref _overflow, created, null) ?? created;
        }

        return shared.Task.WaitAsync(cancellationToken);
    }
}
