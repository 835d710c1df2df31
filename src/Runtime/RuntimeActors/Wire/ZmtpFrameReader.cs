using System.Buffers;

namespace RuntimeActors.Wire;

/// <summary>
/// Reads whole frames out of buffered input in the System.IO.Pipelines style: nothing is
/// consumed until a whole frame is buffered, and the body comes back as a slice of the input
/// for the caller to copy (into a pooled buffer) before advancing the pipe.
/// </summary>
/// <remarks>
/// Suited to frames that fit the pipe's buffering; for very large frames use
/// <see cref="ZmtpFrameDecoder"/>, which streams the body into the caller's buffer.
/// </remarks>
internal static class ZmtpFrameReader
{
    /// <summary>Tries to read one frame from the start of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Buffered input; on success it is moved past the frame, otherwise left unchanged.</param>
    /// <param name="maxMessageSize">The largest frame body accepted; negative for no limit.</param>
    /// <param name="header">The frame's header on success.</param>
    /// <param name="body">The frame's body, a slice of the input, on success.</param>
    /// <returns>False when more input is needed.</returns>
    /// <exception cref="ZmtpProtocolException">
    /// The header is invalid or the frame exceeds the size limit; this is reported as soon as the
    /// header is buffered, without waiting for the body.
    /// </exception>
    public static bool TryReadFrame(
        ref ReadOnlySequence<byte> buffer,
        long maxMessageSize,
        out ZmtpFrameHeader header,
        out ReadOnlySequence<byte> body)
    {
        Span<byte> headerBytes = stackalloc byte[ZmtpFrameHeader.LongLength];
        var available = (int)Math.Min(buffer.Length, ZmtpFrameHeader.LongLength);
        buffer.Slice(0, available).CopyTo(headerBytes);

        if (!ZmtpFrameHeader.TryParse(headerBytes[..available], maxMessageSize, out var parsed)
            || buffer.Length - parsed.Length < parsed.Size)
        {
            header = default;
            body = default;
            return false;
        }

        header = parsed;
        body = buffer.Slice(parsed.Length, parsed.Size);
        buffer = buffer.Slice(body.End);
        return true;
    }
}
