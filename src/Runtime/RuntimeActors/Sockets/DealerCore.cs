namespace RuntimeActors.Sockets;

/// <summary>DEALER: round-robins outgoing messages and fair-queues incoming ones, without touching envelopes.</summary>
internal sealed class DealerCore(SocketOptions options) : SocketCore(SocketType.Dealer, options)
{
    private readonly LoadBalancer _balancer = new();

    protected override SendOutcome SendLocked(ZMessage message) =>
        _balancer.TryWrite(Pipes, message) is null ? SendOutcome.WouldBlock : SendOutcome.Sent;
}
