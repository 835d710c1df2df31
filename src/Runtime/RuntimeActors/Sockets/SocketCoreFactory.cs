namespace RuntimeActors.Sockets;

/// <summary>Makes the data path of each socket type.</summary>
internal static class SocketCoreFactory
{
    public static SocketCore Create(SocketType type, SocketOptions options) => type switch
    {
        SocketType.Pair => new PairCore(options),
        SocketType.Pub => new PubCore(options),
        SocketType.Sub => new SubCore(options),
        SocketType.XPub => new XPubCore(options),
        SocketType.XSub => new XSubCore(options),
        SocketType.Push => new PushCore(options),
        SocketType.Pull => new PullCore(options),
        SocketType.Req => new ReqCore(options),
        SocketType.Rep => new RepCore(options),
        SocketType.Dealer => new DealerCore(options),
        SocketType.Router => new RouterCore(options),
        _ => throw new ZmqException(ZmqError.InvalidArgument, null, $"unknown socket type {type}"),
    };
}
