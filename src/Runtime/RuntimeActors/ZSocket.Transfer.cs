using System.Runtime.CompilerServices;

namespace RuntimeActors;

/// <summary>Sending and receiving.</summary>
public sealed partial class ZSocket
{
    /// <summary>
    /// Sends <paramref name="message"/>. Waits while the socket type requires it (PUSH, DEALER, REQ, PAIR with no
    /// peer able to take the message) up to ZMQ_SNDTIMEO; drops where the type requires it (PUB at the high-water mark).
    /// The socket queues its own copy of the message (not of the frames' bytes): the message object may be changed,
    /// sent again or received into as soon as this returns; the bytes of its frames must stay as they are.
    /// </summary>
    /// <exception cref="ZmqException">EAGAIN after ZMQ_SNDTIMEO, ENOTSUP, EFSM, EHOSTUNREACH, ENOTSOCK.</exception>
    public ValueTask SendAsync(ZMessage message, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return _context.Core.SendAsync(message, _context.Options.SendTimeout, cancellationToken);
    }

    /// <summary>Sends the UTF-8 strings <paramref name="frames"/> as one message.</summary>
    public ValueTask SendAsync(params string[] frames) => SendAsync(ZMessage.FromStrings(frames));

    /// <summary>Sends <paramref name="message"/>, blocking up to <paramref name="timeout"/>; false when it could not be sent in time.</summary>
    public bool TrySend(ZMessage message, TimeSpan timeout)
    {
        ThrowIfClosed();
        return _context.Core.SendBlocking(message, timeout);
    }

    /// <summary>Receives the next message, waiting up to ZMQ_RCVTIMEO.</summary>
    /// <exception cref="ZmqException">EAGAIN after ZMQ_RCVTIMEO, ENOTSUP, EFSM, ENOTSOCK.</exception>
    public ValueTask<ZMessage> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return _context.Core.ReceiveAsync(_context.Options.ReceiveTimeout, cancellationToken);
    }

    /// <summary>
    /// Receives the next message into <paramref name="message"/>, replacing what it held, as zmq_msg_recv does: the
    /// way to receive without allocating. Frames may lie in pooled memory, valid until <paramref name="message"/> is
    /// received into again or cleared; copy what must outlive that.
    /// </summary>
    /// <exception cref="ZmqException">EAGAIN after ZMQ_RCVTIMEO, ENOTSUP, EFSM, ENOTSOCK.</exception>
    public ValueTask ReceiveAsync(ZMessage message, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return _context.Core.ReceiveAsync(message, _context.Options.ReceiveTimeout, cancellationToken);
    }

    /// <summary>Receives the next message into <paramref name="message"/> as <see cref="ReceiveAsync(ZMessage, CancellationToken)"/>, blocking up to <paramref name="timeout"/>; false when none came in time.</summary>
    public bool TryReceive(ZMessage message, TimeSpan timeout)
    {
        ThrowIfClosed();
        return _context.Core.ReceiveBlocking(message, timeout);
    }

    /// <summary>Receives the next message, blocking up to <paramref name="timeout"/>; false when none came in time.</summary>
    public bool TryReceive(out ZMessage message, TimeSpan timeout)
    {
        ThrowIfClosed();
        return _context.Core.ReceiveBlocking(out message, timeout);
    }

    /// <summary>Every message the socket receives, until the socket closes or the token is cancelled.</summary>
    public async IAsyncEnumerable<ZMessage> ReceiveAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!_closed)
        {
            ZMessage message;
            try
            {
                message = await _context.Core.ReceiveAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            }
            catch (ZmqException e) when (e.Error == ZmqError.NotSocket)
            {
                yield break;
            }

            yield return message;
        }
    }
}
