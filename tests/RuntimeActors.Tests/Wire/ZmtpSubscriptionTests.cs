using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Wire;

public class ZmtpSubscriptionTests
{
    [Fact]
    public void Subscribe_command_matches_libzmq()
    {
        // libzmq tests/test_mock_pub_sub.cpp: SUBSCRIBE to "A" as a ZMTP 3.1 command.
        byte[] libzmq = [4, 11, 9, (byte)'S', (byte)'U', (byte)'B', (byte)'S', (byte)'C', (byte)'R', (byte)'I', (byte)'B', (byte)'E', (byte)'A'];
        var frame = new byte[ZmtpSubscriptionCommand.GetFrameLength(subscribe: true, 1)];

        var written = ZmtpSubscriptionCommand.Write(frame, subscribe: true, "A"u8);

        Assert.Equal(libzmq.Length, written);
        Assert.Equal(libzmq, frame);
    }

    [Fact]
    public void Cancel_command_is_exact()
    {
        var frame = new byte[ZmtpSubscriptionCommand.GetFrameLength(subscribe: false, 1)];

        ZmtpSubscriptionCommand.Write(frame, subscribe: false, "A"u8);

        Assert.Equal([0x04, 8, 6, .. "CANCEL"u8, (byte)'A'], frame);
    }

    [Fact]
    public void Subscribing_to_everything_sends_an_empty_topic()
    {
        var frame = new byte[ZmtpSubscriptionCommand.GetFrameLength(subscribe: true, 0)];

        ZmtpSubscriptionCommand.Write(frame, subscribe: true, []);

        Assert.Equal([0x04, 10, 9, .. "SUBSCRIBE"u8], frame);
    }

    [Fact]
    public void Subscription_commands_parse_to_their_topic()
    {
        var topic = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var frame = new byte[ZmtpSubscriptionCommand.GetFrameLength(subscribe: false, topic.Length)];
        ZmtpSubscriptionCommand.Write(frame, subscribe: false, topic);

        Assert.True(ZmtpFrameHeader.TryParse(frame, ZmtpFrameHeader.NoSizeLimit, out var header));
        var command = ZmtpCommand.Parse(frame.AsSpan(header.Length));

        Assert.True(header.IsLong);
        Assert.True(header.IsCommand);
        Assert.Equal(ZmtpCommandKind.Cancel, command.Kind);
        Assert.Equal(topic, command.Data.ToArray());
    }

    [Fact]
    public void Legacy_subscribe_message_matches_libzmq()
    {
        // libzmq tests/test_mock_pub_sub.cpp: the ZMTP 3.0 subscription to "A", a plain message frame.
        byte[] libzmq = [0, 2, 1, (byte)'A'];
        var frame = new byte[ZmtpLegacySubscription.GetFrameLength(1)];

        var written = ZmtpLegacySubscription.Write(frame, subscribe: true, "A"u8);

        Assert.Equal(libzmq.Length, written);
        Assert.Equal(libzmq, frame);
    }

    [Fact]
    public void Legacy_cancel_message_starts_with_zero()
    {
        var body = new byte[ZmtpLegacySubscription.GetBodyLength(3)];

        ZmtpLegacySubscription.WriteBody(body, subscribe: false, "abc"u8);

        Assert.Equal([0, .. "abc"u8], body);
    }

    [Theory]
    [InlineData(new byte[] { 1, (byte)'A' }, true, "A")]
    [InlineData(new byte[] { 0, (byte)'A', (byte)'B' }, false, "AB")]
    [InlineData(new byte[] { 1 }, true, "")]
    public void Legacy_subscriptions_are_recognised(byte[] body, bool subscribe, string topic)
    {
        Assert.True(ZmtpLegacySubscription.TryParse(body, out var isSubscribe, out var parsedTopic));

        Assert.Equal(subscribe, isSubscribe);
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(topic), parsedTopic.ToArray());
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, (byte)'A' })]
    [InlineData(new byte[] { (byte)'h', (byte)'i' })]
    public void Other_messages_are_not_subscriptions(byte[] body)
    {
        Assert.False(ZmtpLegacySubscription.TryParse(body, out _, out var topic));
        Assert.True(topic.IsEmpty);
    }

    [Fact]
    public void Legacy_writers_refuse_a_short_destination()
    {
        Assert.Throws<ArgumentException>(() => ZmtpLegacySubscription.Write(new byte[3], subscribe: true, "A"u8));
        Assert.Throws<ArgumentException>(() => ZmtpLegacySubscription.WriteBody(new byte[1], subscribe: true, "A"u8));
    }
}
