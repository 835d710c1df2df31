using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// REP: strict receive/send alternation. A request's envelope (the frames up to and including the empty
/// delimiter) is removed and kept, and the reply goes back to the same peer under the same envelope.
/// </summary>
internal sealed class RepCore(SocketOptions options) : SocketCore(SocketType.Rep, options)
{
    private Pipe? _replyTo;
    // The frames of the request's envelope, with references to their pooled memory: the request may be received
    // into another message, or cleared, before the reply goes out.
    private readonly ZMessage _envelope = new();
    private volatile bool _mustReply;

    protected override void CheckReceiveState()
    {
        if (_mustReply)
        {
            throw new ZmqException(ZmqError.InvalidState, null, "a REP socket must send the reply before receiving again");
        }
    }

    protected override bool HasReceivePolicy => true;

    protected override ZMessage? ReceiveLocked(Pipe pipe, ZMessage message)
    {
        var delimiter = -1;
        for (var i = 0; i < message.Count; i++)
        {
            if (message[i].Length == 0)
            {
                delimiter = i;
                break;
            }
        }

        if (delimiter < 0)
        {
            // Not a request: a REQ or a DEALER that follows the protocol always sends the delimiter.
            return null;
        }

        _envelope.Clear();
        for (var i = 0; i <= delimiter; i++)
        {
            _envelope.Append(message.Pop());
        }

        _envelope.HoldBuffersOf(message);
        _replyTo = pipe;
        _mustReply = true;
        return message;
    }

    protected override SendOutcome SendLocked(ZMessage message)
    {
        if (!_mustReply)
        {
            throw new ZmqException(ZmqError.InvalidState, null, "a REP socket must receive a request before sending");
        }

        for (var i = _envelope.Count - 1; i >= 0; i--)
        {
            message.Push(_envelope[i]);
        }

        message.HoldBuffersOf(_envelope);
        _envelope.Clear();
        var delivered = Pipes.Contains(_replyTo!) && _replyTo!.Outbound.TryWrite(message);
        _replyTo = null;
        _mustReply = false;

        // A requester that left, or one at its high-water mark, loses the reply, as with libzmq's REP.
        return delivered ? SendOutcome.Sent : SendOutcome.Dropped;
    }
}
