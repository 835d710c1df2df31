using System.Diagnostics;

namespace RuntimeActors.Sockets;

/// <summary>
/// Sends and receives that block the calling thread, as zmq_send and zmq_msg_recv do: for a caller with a thread of its
/// own. A waker (the peer's sender, the reader that made room) wakes the thread directly; the async calls' machinery and
/// the pool thread that runs their continuations are not on this path.
/// </summary>
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
        if (!TakeNextBlocking(timeout, out var message))
        {
            return false;
        }

        target.TakeFrom(message);
        return true;
    }

    /// <summary>Takes the next message for the user to keep, blocking up to <paramref name="timeout"/>; false when none came in time (EAGAIN).</summary>
    /// <exception cref="ZmqException">ENOTSUP, EFSM, ENOTSOCK.</exception>
    public bool ReceiveBlocking(out ZMessage message, TimeSpan timeout)
    {
        if (!TakeNextBlocking(timeout, out message))
        {
            return false;
        }

        message = message.Detach();
        return true;
    }

    private bool TakeNextBlocking(TimeSpan timeout, out ZMessage message)
    {
        var start = Stopwatch.GetTimestamp();
        while (!TryTakeNext(out message))
        {
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
