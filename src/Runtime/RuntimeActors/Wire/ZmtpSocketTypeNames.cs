using System.Text;
using RuntimeActors.Sockets;

namespace RuntimeActors.Wire;

/// <summary>
/// The Socket-Type metadata values of RFC 37 ("PAIR", "PUB", ..., "XSUB") for the socket types
/// this runtime implements.
/// </summary>
internal static class ZmtpSocketTypeNames
{
    private static readonly SocketType[] AllTypes = Enum.GetValues<SocketType>();

    /// <summary>The wire name of <paramref name="type"/>, upper case as libzmq sends it.</summary>
    public static string ToWireName(SocketType type) => type switch
    {
        SocketType.Pair => "PAIR",
        SocketType.Pub => "PUB",
        SocketType.Sub => "SUB",
        SocketType.Req => "REQ",
        SocketType.Rep => "REP",
        SocketType.Dealer => "DEALER",
        SocketType.Router => "ROUTER",
        SocketType.Pull => "PULL",
        SocketType.Push => "PUSH",
        SocketType.XPub => "XPUB",
        SocketType.XSub => "XSUB",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a socket type this runtime implements."),
    };

    /// <summary>
    /// Recognises a wire name, ignoring ASCII case (RFC 37's grammar uses ABNF strings, which are
    /// case-insensitive).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> name, out SocketType type)
    {
        foreach (var candidate in AllTypes)
        {
            if (Ascii.EqualsIgnoreCase(name, ToWireName(candidate)))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>Recognises a wire name, as <see cref="TryParse"/>.</summary>
    /// <exception cref="ZmtpProtocolException">The name is not one of this runtime's socket types.</exception>
    public static SocketType Parse(ReadOnlySpan<byte> name)
    {
        if (TryParse(name, out var type))
        {
            return type;
        }

        throw new ZmtpProtocolException(
            ZmtpError.UnknownSocketType,
            $"Socket-Type \"{ZmtpText.Describe(name)}\" is not a socket type this runtime supports (PAIR, PUB, SUB, REQ, REP, DEALER, ROUTER, PULL, PUSH, XPUB, XSUB)");
    }
}
