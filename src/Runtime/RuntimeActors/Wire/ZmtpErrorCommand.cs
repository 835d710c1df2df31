namespace RuntimeActors.Wire;

/// <summary>The ERROR command: a 1-byte reason length and a reason of up to 255 printable ASCII characters.</summary>
internal static class ZmtpErrorCommand
{
    /// <summary>The longest reason the 1-byte length allows.</summary>
    public const int MaxReasonLength = byte.MaxValue;

    /// <summary>The size of the whole ERROR frame (header and body) with <paramref name="reason"/>.</summary>
    public static int GetFrameLength(string reason)
    {
        ValidateReason(reason);
        return ZmtpCommand.GetFrameLength(ZmtpCommandNames.Error.Length, 1 + reason.Length);
    }

    /// <summary>Writes a whole ERROR frame.</summary>
    /// <param name="destination">Where the frame goes.</param>
    /// <param name="reason">Up to 255 printable ASCII characters (space included).</param>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, string reason)
    {
        ValidateReason(reason);
        var written = ZmtpCommand.WriteStart(destination, ZmtpCommandNames.Error, 1 + reason.Length);
        destination[written++] = (byte)reason.Length;
        foreach (var c in reason)
        {
            destination[written++] = (byte)c;
        }

        return written;
    }

    /// <summary>
    /// Reads the reason from an ERROR command's data, made safe to log: non-printable bytes come
    /// back as \xNN. Bytes after the reason are ignored, as libzmq does.
    /// </summary>
    /// <exception cref="ZmtpProtocolException">The reason length is missing or runs past the data.</exception>
    public static string ParseReason(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new ZmtpProtocolException(ZmtpError.MalformedCommand, "ERROR command has no reason length byte");
        }

        int length = data[0];
        if (length > data.Length - 1)
        {
            throw new ZmtpProtocolException(
                ZmtpError.MalformedCommand,
                $"ERROR command reason length is {length} but only {data.Length - 1} bytes follow");
        }

        return ZmtpText.Describe(data.Slice(1, length), MaxReasonLength);
    }

    private static void ValidateReason(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (reason.Length > MaxReasonLength)
        {
            throw new ArgumentException($"An ERROR reason is at most {MaxReasonLength} characters, this one has {reason.Length}.", nameof(reason));
        }

        foreach (var c in reason)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException($"An ERROR reason holds only printable ASCII; this one has U+{(int)c:X4}.", nameof(reason));
            }
        }
    }
}
