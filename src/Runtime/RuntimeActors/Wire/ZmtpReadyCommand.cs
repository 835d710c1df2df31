namespace RuntimeActors.Wire;

/// <summary>The READY command: the command name followed by the sender's metadata properties.</summary>
internal static class ZmtpReadyCommand
{
    /// <summary>The size of the whole READY frame (header and body) carrying <paramref name="metadata"/>.</summary>
    public static int GetFrameLength(ZmtpMetadata metadata) =>
        ZmtpCommand.GetFrameLength(ZmtpCommandNames.Ready.Length, metadata.GetEncodedLength());

    /// <summary>Writes a whole READY frame.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, ZmtpMetadata metadata)
    {
        var written = ZmtpCommand.WriteStart(destination, ZmtpCommandNames.Ready, metadata.GetEncodedLength());
        return written + metadata.WriteTo(destination[written..]);
    }

    /// <summary>Decodes the metadata of a READY command from its data (see <see cref="ZmtpCommand.Data"/>).</summary>
    /// <exception cref="ZmtpProtocolException">The properties are malformed.</exception>
    public static ZmtpMetadata Parse(ReadOnlySpan<byte> data) => ZmtpMetadata.Parse(data);
}
