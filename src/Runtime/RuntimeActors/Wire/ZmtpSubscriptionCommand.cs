namespace RuntimeActors.Wire;

/// <summary>
/// The ZMTP 3.1 SUBSCRIBE and CANCEL commands, whose data is the topic. Parse them with
/// <see cref="ZmtpCommand.Parse"/>: the topic is <see cref="ZmtpCommand.Data"/>.
/// </summary>
internal static class ZmtpSubscriptionCommand
{
    /// <summary>The size of the whole SUBSCRIBE (or CANCEL) frame for a topic of <paramref name="topicLength"/> bytes.</summary>
    public static int GetFrameLength(bool subscribe, int topicLength) =>
        ZmtpCommand.GetFrameLength(NameOf(subscribe).Length, topicLength);

    /// <summary>Writes a whole SUBSCRIBE frame (or CANCEL when <paramref name="subscribe"/> is false).</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, bool subscribe, ReadOnlySpan<byte> topic) =>
        ZmtpCommand.Write(destination, NameOf(subscribe), topic);

    private static ReadOnlySpan<byte> NameOf(bool subscribe) =>
        subscribe ? ZmtpCommandNames.Subscribe : ZmtpCommandNames.Cancel;
}
