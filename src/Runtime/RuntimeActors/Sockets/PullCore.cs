namespace RuntimeActors.Sockets;

/// <summary>PULL: fair-queues messages from its PUSH peers; never sends.</summary>
internal sealed class PullCore(SocketOptions options) : SocketCore(SocketType.Pull, options)
{
    protected override bool CanSend => false;

    protected override SendOutcome SendLocked(ZMessage message) => SendOutcome.WouldBlock;
}
