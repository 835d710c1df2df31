using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// REQ: strict send/receive alternation. A request goes to the next REP or ROUTER peer with an empty
/// delimiter frame in front; the reply must come from that peer and start with the delimiter, which is
/// removed. Sending twice, or receiving before sending, is EFSM.
/// </summary>
internal sealed class ReqCore(SocketOptions options) : SocketCore(SocketType.Req, options)
{
    private readonly LoadBalancer _balancer = new();
    private Pipe? _awaitingReplyFrom;
    private volatile bool _awaitingReply;

    protected override SendOutcome SendLocked(ZMessage message)
    {
        if (_awaitingReply)
        {
            throw new ZmqException(ZmqError.InvalidState, null, "a REQ socket must receive the reply before sending again");
        }

        message.Push(ReadOnlyMemory<byte>.Empty);
        var pipe = _balancer.TryWrite(Pipes, message);
        if (pipe is null)
        {
            message.Pop();
            return SendOutcome.WouldBlock;
        }

        _awaitingReplyFrom = pipe;
        _awaitingReply = true;
        return SendOutcome.Sent;
    }

    protected override void CheckReceiveState()
    {
        if (!_awaitingReply)
        {
            throw new ZmqException(ZmqError.InvalidState, null, "a REQ socket must send a request before receiving");
        }
    }

    protected override bool HasReceivePolicy => true;

    protected override ZMessage? ReceiveLocked(Pipe pipe, ZMessage message)
    {
        // A late reply from an earlier peer, or one without the delimiter, is dropped as libzmq drops it.
        if (!ReferenceEquals(pipe, _awaitingReplyFrom) || message.Count == 0 || message[0].Length != 0)
        {
            return null;
        }

        message.Pop();
        _awaitingReplyFrom = null;
        _awaitingReply = false;
        return message;
    }
}
