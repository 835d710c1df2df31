namespace RuntimeActors.Sockets;

/// <summary>PUSH: round-robins messages to its PULL peers and blocks when all are at the high-water mark; never receives.</summary>
internal sealed class PushCore(SocketOptions options) : SocketCore(SocketType.Push, options)
{
    private readonly LoadBalancer _balancer = new();

    protected override bool CanReceive => false;

    protected override SendOutcome SendLocked(ZMessage message) =>
        _balancer.TryWrite(Pipes, message) is null ? SendOutcome.WouldBlock : SendOutcome.Sent;
}
