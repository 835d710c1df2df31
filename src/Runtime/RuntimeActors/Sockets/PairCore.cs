using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>PAIR: exactly one peer; a second one is refused. Sends block while there is no peer or it is full.</summary>
internal sealed class PairCore(SocketOptions options) : SocketCore(SocketType.Pair, options)
{
    protected override bool AcceptsLocked(Pipe pipe) => Pipes.Count == 0;

    protected override SendOutcome SendLocked(ZMessage message) =>
        Pipes.Count == 1 && Pipes[0].Outbound.TryWrite(message) ? SendOutcome.Sent : SendOutcome.WouldBlock;
}
