using System.Net;
using RuntimeActors.Sockets;
using RuntimeActors.Wire;

namespace RuntimeActors.Security;

/// <summary>Picks the mechanism of one connection from the socket's security settings (libzmq's choice in zmtp_engine).</summary>
internal static class ZmtpMechanisms
{
    /// <summary>The mechanism for a connection of a socket of <paramref name="type"/> with these settings.</summary>
    /// <param name="type">Our socket type.</param>
    /// <param name="routingId">Our routing id, announced in metadata and sent to ZAP.</param>
    /// <param name="security">The socket's settings.</param>
    /// <param name="remoteAddress">The peer as the transport names it; ZAP gets its address part.</param>
    public static IZmtpMechanism Create(SocketType type, ReadOnlySpan<byte> routingId, ZmtpSecurity security, string remoteAddress)
    {
        var metadata = ZmtpMetadata.ForSocket(type, routingId);
        var peerAddress = ZapAddress(remoteAddress);
        return security.Mechanism switch
        {
            SecurityMechanism.Plain when security.IsServer => new PlainServerMechanism(metadata, security, peerAddress),
            SecurityMechanism.Plain => new PlainClientMechanism(metadata, security),
            SecurityMechanism.Curve when security.IsServer => new CurveServerMechanism(metadata, security, peerAddress),
            SecurityMechanism.Curve => new CurveClientMechanism(metadata, security),
            _ => new NullMechanism(metadata, security, peerAddress),
        };
    }

    /// <summary>
    /// The peer's address as libzmq puts it in ZAP requests and the Peer-Address property: the IP address without the
    /// port for tcp ("127.0.0.1"), the transport's own name of the peer otherwise.
    /// </summary>
    public static string ZapAddress(string remoteAddress)
    {
        var address = remoteAddress;
        var scheme = address.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            address = address[(scheme + 3)..];
        }

        // Only a dotted IPv4 or bracketed IPv6 endpoint: "2:5555" (vsock) would parse as 0.0.0.2 port 5555.
        var looksLikeIp = address.StartsWith('[') || (address.Contains('.', StringComparison.Ordinal) && address.Contains(':', StringComparison.Ordinal));
        return looksLikeIp && IPEndPoint.TryParse(address, out var endpoint) ? endpoint.Address.ToString() : address;
    }
}
