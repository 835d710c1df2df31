namespace RuntimeActors.Wire;

/// <summary>The command names RFC 37 defines, as the ASCII bytes sent on the wire (case-sensitive, as libzmq matches them).</summary>
internal static class ZmtpCommandNames
{
    /// <summary>READY.</summary>
    public static ReadOnlySpan<byte> Ready => "READY"u8;

    /// <summary>ERROR.</summary>
    public static ReadOnlySpan<byte> Error => "ERROR"u8;

    /// <summary>SUBSCRIBE.</summary>
    public static ReadOnlySpan<byte> Subscribe => "SUBSCRIBE"u8;

    /// <summary>CANCEL.</summary>
    public static ReadOnlySpan<byte> Cancel => "CANCEL"u8;

    /// <summary>PING.</summary>
    public static ReadOnlySpan<byte> Ping => "PING"u8;

    /// <summary>PONG.</summary>
    public static ReadOnlySpan<byte> Pong => "PONG"u8;
}
