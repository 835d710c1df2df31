namespace RuntimeActors.Wire;

/// <summary>The command names of RFC 24 (PLAIN) and RFC 25 (CURVE) beyond READY and ERROR.</summary>
internal static class ZmtpPlainCommands
{
    /// <summary>The client's first command.</summary>
    public static ReadOnlySpan<byte> Hello => "HELLO"u8;

    /// <summary>The server's answer to HELLO.</summary>
    public static ReadOnlySpan<byte> Welcome => "WELCOME"u8;

    /// <summary>The client's metadata command.</summary>
    public static ReadOnlySpan<byte> Initiate => "INITIATE"u8;

    /// <summary>CURVE's data-phase box.</summary>
    public static ReadOnlySpan<byte> Message => "MESSAGE"u8;
}
