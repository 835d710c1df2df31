using System.Diagnostics;

namespace RuntimeActors.Sockets;

/// <summary>
/// Sends and receives that block the calling thread, as zmq_send and zmq_msg_recv do: for a caller with a thread of its
/// own. A waker (the peer's sender, the reader that made room) wakes the thread directly; the async calls' machinery and
/// the pool thread that runs their continuations are not on this path.
/// </summary>
/// <remarks>
/// A thread-pool thread blocks on the async call's task instead (<see cref="BlockPoolThread"/>): the pool learns of a
/// thread blocked in Task.Wait and adds one, so the engines, which run on the pool, keep going; it does not learn of a
/// thread blocked on an event. With two cores and two pool threads blocked so, a tcp send waiting for its engine timed
/// out (OptionTests' high-water-mark test, once, in a full run of the suite).
/// </remarks>
internal abstract partial class SocketCore
{
    /// <summary>Routes <paramref name="message"/>, blocking at the high-water mark up to <paramref name="timeout"/>; false when it could not be sent in time (EAGAIN).</summary>
    /// <exception cref="ZmqException">ENOTSUP, EFSM, EHOSTUNREACH, ENOTSOCK.</exception>
    public bool SendBlocking(ZMessage message, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queued = message.CopyForSend();
        if (TrySendOwned(queued))
        {
            return true;
        }

        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            return BlockPoolThread(SendWhenWritableAsync(queued, timeout, CancellationToken.None));
        }

        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            var seen = _writable.Version;
            if (TrySendOwned(queued))
            {
                return true;
            }

            var remaining = Remaining(timeout, start);
            if (remaining == TimeSpan.Zero || !_writable.WaitBlocking(seen, remaining))
            {
                // As the async send: one last attempt once the time is up.
                if (TrySendOwned(queued))
                {
                    return true;
                }

                queued.Recycle();
                return false;
            }
        }
    }

    /// <summary>Moves the next message into <paramref name="target"/>, blocking up to <paramref name="timeout"/>; false when none came in time (EAGAIN).</summary>
    /// <exception cref="ZmqException">ENOTSUP, EFSM, ENOTSOCK.</exception>
    public bool ReceiveBlocking(ZMessage target, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!TryTakeNext(out var message))
        {
            if (Thread.CurrentThread.IsThreadPoolThread)
            {
                return BlockPoolThread(ReceiveIntoWhenReadableAsync(target, timeout, CancellationToken.None));
            }

            if (!TakeNextBlocking(timeout, out message))
            {
                return false;
            }
        }

        target.TakeFrom(message);
        return true;
    }

    /// <summary>Takes the next message for the user to keep, blocking up to <paramref name="timeout"/>; false when none came in time (EAGAIN).</summary>
    /// <exception cref="ZmqException">ENOTSUP, EFSM, ENOTSOCK.</exception>
    public bool ReceiveBlocking(out ZMessage message, TimeSpan timeout)
    {
        if (TryTakeNext(out message))
        {
            message = message.Detach();
            return true;
        }

        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            return BlockPoolThread(ReceiveWhenReadableAsync(timeout, CancellationToken.None), out message);
        }

        if (!TakeNextBlocking(timeout, out message))
        {
            return false;
        }

        message = message.Detach();
        return true;
    }

    private bool TakeNextBlocking(TimeSpan timeout, out ZMessage message)
    {
        // The clock is read only once a wait is due: most receives under load find a message, and reading it for each
        // took 9 % of a 64-byte inproc stream's time (perf, bench inproc-thr).
        long start = 0;
        while (!TryTakeNext(out message))
        {
            if (start == 0)
            {
                start = Stopwatch.GetTimestamp();
            }

            bool readable;
            try
            {
                readable = _inbound.WaitReadable(Remaining(timeout, start));
            }
            catch (InvalidOperationException) when (_closed)
            {
                throw new ZmqException(ZmqError.NotSocket, null, "the socket was closed while receiving");
            }

            if (!readable)
            {
                return TryTakeNext(out message);
            }
        }

        return true;
    }

    /// <summary>Blocks a pool thread on <paramref name="operation"/>'s task; false when it ended with EAGAIN (its timeout passed).</summary>
    private static bool BlockPoolThread(ValueTask operation)
    {
        try
        {
            if (!operation.IsCompletedSuccessfully)
            {
                operation.AsTask().GetAwaiter().GetResult();
            }

            return true;
        }
        catch (ZmqException e) when (e.Error == ZmqError.WouldBlock)
        {
            return false;
        }
    }

    /// <summary>As <see cref="BlockPoolThread(ValueTask)"/>, for an operation with a result.</summary>
    private static bool BlockPoolThread<T>(ValueTask<T> operation, out T result)
    {
        try
        {
            result = operation.IsCompletedSuccessfully ? operation.Result : operation.AsTask().GetAwaiter().GetResult();
            return true;
        }
        catch (ZmqException e) when (e.Error == ZmqError.WouldBlock)
        {
            result = default!;
            return false;
        }
    }

    private static TimeSpan Remaining(TimeSpan timeout, long start)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return timeout;
        }

        var left = timeout - Stopwatch.GetElapsedTime(start);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
