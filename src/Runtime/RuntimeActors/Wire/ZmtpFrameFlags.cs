namespace RuntimeActors.Wire;

/// <summary>The flag bits of a ZMTP frame's first byte (RFC 37 "Framing").</summary>
[Flags]
internal enum ZmtpFrameFlags : byte
{
    /// <summary>A short, final message frame.</summary>
    None = 0,

    /// <summary>More frames of the same message follow.</summary>
    More = 1,

    /// <summary>The size field is 8 bytes (big-endian) instead of 1.</summary>
    Long = 2,

    /// <summary>The frame carries a command rather than message data.</summary>
    Command = 4,
}
