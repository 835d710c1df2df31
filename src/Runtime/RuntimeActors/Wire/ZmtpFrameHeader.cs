using System.Buffers.Binary;

namespace RuntimeActors.Wire;

/// <summary>
/// A ZMTP frame header: the flags byte followed by a 1-byte (short) or 8-byte big-endian (long) size.
/// </summary>
/// <param name="Flags">The frame's flags, including <see cref="ZmtpFrameFlags.Long"/> as it was on the wire.</param>
/// <param name="Size">The body size in bytes, not counting the header.</param>
internal readonly record struct ZmtpFrameHeader(ZmtpFrameFlags Flags, long Size)
{
    /// <summary>The maximum-message-size value meaning "no limit", as libzmq's ZMQ_MAXMSGSIZE -1.</summary>
    public const long NoSizeLimit = -1;

    /// <summary>Bytes in a short header: flags and a 1-byte size.</summary>
    public const int ShortLength = 2;

    /// <summary>Bytes in a long header: flags and an 8-byte size; also the most any header takes.</summary>
    public const int LongLength = 9;

    /// <summary>The largest body a short header can describe.</summary>
    public const long MaxShortSize = byte.MaxValue;

    private const byte ReservedBits = 0xF8;

    /// <summary>Whether more frames of the same message follow.</summary>
    public bool More => (Flags & ZmtpFrameFlags.More) != 0;

    /// <summary>Whether the frame is a command.</summary>
    public bool IsCommand => (Flags & ZmtpFrameFlags.Command) != 0;

    /// <summary>Whether the size field was 8 bytes.</summary>
    public bool IsLong => (Flags & ZmtpFrameFlags.Long) != 0;

    /// <summary>How many bytes this header took on the wire.</summary>
    public int Length => IsLong ? LongLength : ShortLength;

    /// <summary>How many bytes the header for a body of <paramref name="size"/> bytes takes.</summary>
    public static int GetLength(long size) => size <= MaxShortSize ? ShortLength : LongLength;

    /// <summary>
    /// Writes the header for a frame of <paramref name="size"/> bytes, short form when the size
    /// fits in one byte and long form otherwise.
    /// </summary>
    /// <returns>The number of bytes written: 2 or 9.</returns>
    public static int Write(Span<byte> destination, long size, bool more, bool command)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (more && command)
        {
            throw new ArgumentException("A ZMTP command is a single frame and cannot have the MORE flag.", nameof(more));
        }

        var flags = (more ? ZmtpFrameFlags.More : 0) | (command ? ZmtpFrameFlags.Command : 0);
        var length = GetLength(size);
        if (destination.Length < length)
        {
            throw new ArgumentException($"A ZMTP frame header for {size} bytes needs {length} bytes, the destination has {destination.Length}.", nameof(destination));
        }

        if (length == ShortLength)
        {
            destination[0] = (byte)flags;
            destination[1] = (byte)size;
        }
        else
        {
            destination[0] = (byte)(flags | ZmtpFrameFlags.Long);
            BinaryPrimitives.WriteInt64BigEndian(destination[1..], size);
        }

        return length;
    }

    /// <summary>
    /// Parses a header from the start of <paramref name="source"/>. Faults are reported as soon
    /// as the bytes that show them are present, so an oversized frame is rejected before any of
    /// its body arrives.
    /// </summary>
    /// <param name="source">Received bytes, starting at a frame boundary.</param>
    /// <param name="maxMessageSize">The largest acceptable frame body, or a negative value for no limit.</param>
    /// <param name="header">The header when the method returns true.</param>
    /// <returns>False when <paramref name="source"/> ends before the header does.</returns>
    /// <exception cref="ZmtpProtocolException">The header is invalid or the frame too large.</exception>
    public static bool TryParse(ReadOnlySpan<byte> source, long maxMessageSize, out ZmtpFrameHeader header)
    {
        header = default;
        if (source.IsEmpty)
        {
            return false;
        }

        var flags = ValidateFlags(source[0]);
        ulong size;
        if ((flags & ZmtpFrameFlags.Long) == 0)
        {
            if (source.Length < ShortLength)
            {
                return false;
            }

            size = source[1];
        }
        else
        {
            if (source.Length < LongLength)
            {
                return false;
            }

            size = BinaryPrimitives.ReadUInt64BigEndian(source[1..]);
        }

        header = new ZmtpFrameHeader(flags, ValidateSize(size, maxMessageSize));
        return true;
    }

    /// <summary>Checks a flags byte as soon as it arrives.</summary>
    /// <exception cref="ZmtpProtocolException">Reserved bits are set, or MORE is set on a command.</exception>
    internal static ZmtpFrameFlags ValidateFlags(byte flags)
    {
        if ((flags & ReservedBits) != 0)
        {
            throw new ZmtpProtocolException(
                ZmtpError.ReservedFlagsSet,
                $"frame flags byte is {ZmtpText.Hex(flags)}; reserved bits 7-3 must be zero");
        }

        var parsed = (ZmtpFrameFlags)flags;
        if ((parsed & (ZmtpFrameFlags.Command | ZmtpFrameFlags.More)) == (ZmtpFrameFlags.Command | ZmtpFrameFlags.More))
        {
            throw new ZmtpProtocolException(
                ZmtpError.CommandWithMoreFlag,
                $"frame flags byte is {ZmtpText.Hex(flags)}; a command frame cannot have the MORE flag set");
        }

        return parsed;
    }

    /// <summary>Checks a decoded body size against the protocol, this runtime and the configured limit.</summary>
    /// <exception cref="ZmtpProtocolException">The size is out of range.</exception>
    internal static long ValidateSize(ulong size, long maxMessageSize)
    {
        if (size > long.MaxValue)
        {
            throw new ZmtpProtocolException(
                ZmtpError.FrameSizeOverflow,
                $"long frame size is {size} (high bit set); ZMTP frame sizes are at most 2^63-1");
        }

        // libzmq applies ZMQ_MAXMSGSIZE to each frame on its own, commands included.
        if (maxMessageSize >= 0 && size > (ulong)maxMessageSize)
        {
            throw new ZmtpProtocolException(
                ZmtpError.MessageTooLarge,
                $"frame of {size} bytes exceeds the maximum message size of {maxMessageSize} bytes");
        }

        // Bodies are copied into one array, so nothing larger than an array can be received.
        if (size > (ulong)Array.MaxLength)
        {
            throw new ZmtpProtocolException(
                ZmtpError.MessageTooLarge,
                $"frame of {size} bytes exceeds the largest frame this runtime can hold ({Array.MaxLength} bytes)");
        }

        return (long)size;
    }
}
