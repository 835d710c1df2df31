namespace RuntimeActors.Wire;

/// <summary>
/// The PONG command: the context of the PING it answers. Parse it with
/// <see cref="ZmtpCommand.Parse"/>: the context is <see cref="ZmtpCommand.Data"/>.
/// </summary>
internal static class ZmtpPongCommand
{
    /// <summary>The size of the whole PONG frame (header and body) with <paramref name="contextLength"/> bytes of context.</summary>
    public static int GetFrameLength(int contextLength)
    {
        ZmtpPingCommand.ValidateContextLength(contextLength);
        return ZmtpCommand.GetFrameLength(ZmtpCommandNames.Pong.Length, contextLength);
    }

    /// <summary>Writes a whole PONG frame echoing <paramref name="context"/> (at most 16 bytes).</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> context)
    {
        ZmtpPingCommand.ValidateContextLength(context.Length);
        return ZmtpCommand.Write(destination, ZmtpCommandNames.Pong, context);
    }
}
