namespace RuntimeActors.Sockets;

/// <summary>
/// XSUB: a SUB whose subscriptions are sent as messages (first byte 1 to subscribe, 0 to cancel, then the
/// topic), and which receives everything its publishers send. Other messages are passed upstream, as libzmq
/// 4.3 does.
/// </summary>
internal sealed class XSubCore(SocketOptions options) : SubCore(SocketType.XSub, options)
{
    protected override bool CanSend => true;

    protected override bool FiltersInbound => false;

    protected override bool HasReceivePolicy => false;

    protected override bool AcceptsInbound(ZMessage message) => true;

    protected override SendOutcome SendLocked(ZMessage message)
    {
        if (message.Count == 1 && message[0].Length > 0 && message[0].Span[0] is 0 or 1)
        {
            UpdateLocked(message[0].Span[0] == 1, message[0][1..]);
            message.Recycle();
            return SendOutcome.Sent;
        }

        if (Pipes.Count > 1)
        {
            // Every pipe queues this one object: none of their writers may recycle it.
            message.Share();
        }

        foreach (var pipe in Pipes)
        {
            pipe.Outbound.TryWrite(message);
        }

        return SendOutcome.Sent;
    }
}
