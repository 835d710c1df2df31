namespace RuntimeActors.Wire;

/// <summary>
/// The ZMTP 3.0 subscription form, used with peers whose greeting says 3.0: an ordinary message
/// frame whose first byte is 1 (subscribe) or 0 (cancel) followed by the topic.
/// </summary>
internal static class ZmtpLegacySubscription
{
    private const byte SubscribeMarker = 1;
    private const byte CancelMarker = 0;

    /// <summary>The size of the message body for a topic of <paramref name="topicLength"/> bytes.</summary>
    public static int GetBodyLength(int topicLength) => checked(1 + topicLength);

    /// <summary>The size of the whole message frame (header and body) for a topic of <paramref name="topicLength"/> bytes.</summary>
    public static int GetFrameLength(int topicLength)
    {
        var bodyLength = GetBodyLength(topicLength);
        return checked(ZmtpFrameHeader.GetLength(bodyLength) + bodyLength);
    }

    /// <summary>Writes the message body: the marker byte and the topic.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int WriteBody(Span<byte> destination, bool subscribe, ReadOnlySpan<byte> topic)
    {
        var length = GetBodyLength(topic.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The subscription message needs {length} bytes, the destination has {destination.Length}.", nameof(destination));
        }

        destination[0] = subscribe ? SubscribeMarker : CancelMarker;
        topic.CopyTo(destination[1..]);
        return length;
    }

    /// <summary>Writes a whole single-frame subscription message: a final message frame header and the body.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, bool subscribe, ReadOnlySpan<byte> topic)
    {
        var frameLength = GetFrameLength(topic.Length);
        if (destination.Length < frameLength)
        {
            throw new ArgumentException($"The subscription frame needs {frameLength} bytes, the destination has {destination.Length}.", nameof(destination));
        }

        var written = ZmtpFrameHeader.Write(destination, GetBodyLength(topic.Length), more: false, command: false);
        return written + WriteBody(destination[written..], subscribe, topic);
    }

    /// <summary>
    /// Recognises a subscription in a message body received from a SUB or XSUB peer. The caller
    /// applies it only to single-frame messages, as the subscription form has no other frames.
    /// </summary>
    /// <param name="body">The message frame body.</param>
    /// <param name="subscribe">True for a subscription, false for a cancellation.</param>
    /// <param name="topic">The topic, a view of <paramref name="body"/>.</param>
    /// <returns>False when the body is empty or starts with a byte other than 0 or 1: an ordinary message.</returns>
    public static bool TryParse(ReadOnlySpan<byte> body, out bool subscribe, out ReadOnlySpan<byte> topic)
    {
        if (body.IsEmpty || body[0] > SubscribeMarker)
        {
            subscribe = false;
            topic = default;
            return false;
        }

        subscribe = body[0] == SubscribeMarker;
        topic = body[1..];
        return true;
    }
}
