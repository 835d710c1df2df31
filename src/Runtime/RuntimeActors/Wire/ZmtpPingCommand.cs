using System.Buffers.Binary;

namespace RuntimeActors.Wire;

/// <summary>The PING command: a 2-byte big-endian TTL in tenths of a second and up to 16 bytes of context.</summary>
internal static class ZmtpPingCommand
{
    /// <summary>The most context bytes a PING carries and a PONG echoes.</summary>
    public const int MaxContextLength = 16;

    private const int TtlLength = 2;

    /// <summary>The size of the whole PING frame (header and body) with <paramref name="contextLength"/> bytes of context.</summary>
    public static int GetFrameLength(int contextLength)
    {
        ValidateContextLength(contextLength);
        return ZmtpCommand.GetFrameLength(ZmtpCommandNames.Ping.Length, TtlLength + contextLength);
    }

    /// <summary>Writes a whole PING frame.</summary>
    /// <param name="destination">Where the frame goes.</param>
    /// <param name="ttlDeciseconds">How long the peer should wait for further traffic before giving up on us, in tenths of a second; 0 for no hint.</param>
    /// <param name="context">Up to 16 bytes the peer echoes in its PONG.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, ushort ttlDeciseconds, ReadOnlySpan<byte> context)
    {
        ValidateContextLength(context.Length);
        var written = ZmtpCommand.WriteStart(destination, ZmtpCommandNames.Ping, TtlLength + context.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[written..], ttlDeciseconds);
        written += TtlLength;
        context.CopyTo(destination[written..]);
        return written + context.Length;
    }

    /// <summary>
    /// Reads a PING command's data. Context beyond 16 bytes is cut off rather than rejected, as
    /// libzmq does, so the PONG built from it stays within the limit.
    /// </summary>
    /// <param name="data">The PING command's data (see <see cref="ZmtpCommand.Data"/>).</param>
    /// <param name="ttlDeciseconds">The TTL in tenths of a second.</param>
    /// <param name="context">The context to echo, at most 16 bytes, a view of <paramref name="data"/>.</param>
    /// <exception cref="ZmtpProtocolException">The data is shorter than the 2-byte TTL.</exception>
    public static void Parse(ReadOnlySpan<byte> data, out ushort ttlDeciseconds, out ReadOnlySpan<byte> context)
    {
        if (data.Length < TtlLength)
        {
            throw new ZmtpProtocolException(
                ZmtpError.MalformedCommand,
                $"PING command data is {data.Length} bytes; it needs at least the 2-byte TTL");
        }

        ttlDeciseconds = BinaryPrimitives.ReadUInt16BigEndian(data);
        context = data[TtlLength..];
        if (context.Length > MaxContextLength)
        {
            context = context[..MaxContextLength];
        }
    }

    internal static void ValidateContextLength(int contextLength)
    {
        if (contextLength > MaxContextLength)
        {
            throw new ArgumentException($"A PING/PONG context is at most {MaxContextLength} bytes, this one is {contextLength}.", nameof(contextLength));
        }
    }
}
