namespace RuntimeActors.Wire;

/// <summary>
/// A parsed command frame body: a 1-byte name length, the name, then command-specific data.
/// The name and data are views of the frame body, not copies.
/// </summary>
internal readonly ref struct ZmtpCommand
{
    private ZmtpCommand(ZmtpCommandKind kind, ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        Kind = kind;
        Name = name;
        Data = data;
    }

    /// <summary>Which command this is, or <see cref="ZmtpCommandKind.Unknown"/>.</summary>
    public ZmtpCommandKind Kind { get; }

    /// <summary>The command name as sent.</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>Everything after the name.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Splits a command frame body into name and data and recognises the name.</summary>
    /// <param name="body">The body of a frame with the COMMAND flag.</param>
    /// <exception cref="ZmtpProtocolException">The body is empty, the name is empty, or the name runs past the body.</exception>
    public static ZmtpCommand Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new ZmtpProtocolException(ZmtpError.MalformedCommand, "command frame is empty; expected a name length byte");
        }

        int nameLength = body[0];
        if (nameLength == 0)
        {
            throw new ZmtpProtocolException(ZmtpError.MalformedCommand, "command name length is 0; command names have 1 to 255 characters");
        }

        if (nameLength > body.Length - 1)
        {
            throw new ZmtpProtocolException(
                ZmtpError.MalformedCommand,
                $"command name length is {nameLength} but only {body.Length - 1} bytes follow");
        }

        var name = body.Slice(1, nameLength);
        return new ZmtpCommand(Recognise(name), name, body[(1 + nameLength)..]);
    }

    /// <summary>The size of a whole command frame (header and body) with the given name and data sizes.</summary>
    public static int GetFrameLength(int nameLength, int dataLength)
    {
        var bodyLength = checked(1 + nameLength + dataLength);
        return checked(ZmtpFrameHeader.GetLength(bodyLength) + bodyLength);
    }

    /// <summary>Writes a whole command frame: header, name length, name, data.</summary>
    /// <returns>The number of bytes written, as <see cref="GetFrameLength"/> says.</returns>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        var written = WriteStart(destination, name, data.Length);
        data.CopyTo(destination[written..]);
        return written + data.Length;
    }

    /// <summary>
    /// Writes the frame header, name length and name of a command whose data of
    /// <paramref name="dataLength"/> bytes the caller writes next.
    /// </summary>
    /// <returns>The number of bytes written; the data goes right after them.</returns>
    public static int WriteStart(Span<byte> destination, ReadOnlySpan<byte> name, int dataLength)
    {
        if (name.IsEmpty || name.Length > byte.MaxValue)
        {
            throw new ArgumentException($"A ZMTP command name has 1 to 255 characters, this one has {name.Length}.", nameof(name));
        }

        var frameLength = GetFrameLength(name.Length, dataLength);
        if (destination.Length < frameLength)
        {
            throw new ArgumentException($"The command frame needs {frameLength} bytes, the destination has {destination.Length}.", nameof(destination));
        }

        var written = ZmtpFrameHeader.Write(destination, 1 + name.Length + dataLength, more: false, command: true);
        destination[written++] = (byte)name.Length;
        name.CopyTo(destination[written..]);
        return written + name.Length;
    }

    private static ZmtpCommandKind Recognise(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual(ZmtpCommandNames.Ready))
        {
            return ZmtpCommandKind.Ready;
        }

        if (name.SequenceEqual(ZmtpCommandNames.Error))
        {
            return ZmtpCommandKind.Error;
        }

        if (name.SequenceEqual(ZmtpCommandNames.Subscribe))
        {
            return ZmtpCommandKind.Subscribe;
        }

        if (name.SequenceEqual(ZmtpCommandNames.Cancel))
        {
            return ZmtpCommandKind.Cancel;
        }

        if (name.SequenceEqual(ZmtpCommandNames.Ping))
        {
            return ZmtpCommandKind.Ping;
        }

        return name.SequenceEqual(ZmtpCommandNames.Pong) ? ZmtpCommandKind.Pong : ZmtpCommandKind.Unknown;
    }
}
