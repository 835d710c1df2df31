using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// REP: strict receive/send alternation. A request's envelope (the frames up to and including the empty
/// delimiter) is removed and kept, and the reply goes back to the same peer under the same envelope.
/// </summary>
internal sealed class RepCore(SocketOptions options) : SocketCore(SocketType.Rep, options)
{
    private Pipe? _replyTo;
    private List<ReadOnlyMemory<byte>>? _envelope;
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

        var envelope = new List<ReadOnlyMemory<byte>>(delimiter + 1);
        for (var i = 0; i <= delimiter; i++)
        {
            envelope.Add(message.Pop());
        }

        _replyTo = pipe;
        _envelope = envelope;
        _mustReply = true;
        return message;
    }

    protected override SendOutcome SendLocked(ZMessage message)
    {
        if (!_mustReply)
        {
            throw new ZmqException(ZmqError.InvalidState, null, "a REP socket must receive a request before sending");
        }

        for (var i = _envelope!.Count - 1; i >= 0; i--)
        {
            message.Push(_envelope[i]);
        }

        var delivered = Pipes.Contains(_replyTo!) && _replyTo!.Outbound.TryWrite(message);
        _replyTo = null;
        _envelope = null;
        _mustReply = false;

        // A requester that left, or one at its high-water mark, loses the reply, as with libzmq's REP.
        return delivered ? SendOutcome.Sent : SendOutcome.Dropped;
    }
}
