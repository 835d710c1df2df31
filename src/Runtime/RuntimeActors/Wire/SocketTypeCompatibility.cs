using RuntimeActors.Sockets;

namespace RuntimeActors.Wire;

/// <summary>The table of legal socket type pairings from RFC 37 "The Socket-Type Property".</summary>
internal static class SocketTypeCompatibility
{
    /// <summary>Whether a socket of type <paramref name="local"/> may talk to a peer of type <paramref name="peer"/>; the relation is symmetric.</summary>
    public static bool AreCompatible(SocketType local, SocketType peer) => local switch
    {
        SocketType.Req => peer is SocketType.Rep or SocketType.Router,
        SocketType.Rep => peer is SocketType.Req or SocketType.Dealer,
        SocketType.Dealer => peer is SocketType.Rep or SocketType.Dealer or SocketType.Router,
        SocketType.Router => peer is SocketType.Req or SocketType.Dealer or SocketType.Router,
        SocketType.Pub or SocketType.XPub => peer is SocketType.Sub or SocketType.XSub,
        SocketType.Sub or SocketType.XSub => peer is SocketType.Pub or SocketType.XPub,
        SocketType.Push => peer is SocketType.Pull,
        SocketType.Pull => peer is SocketType.Push,
        SocketType.Pair => peer is SocketType.Pair,
        _ => false,
    };
}
