using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Wire;

public class ZmtpHeartbeatCommandTests
{
    [Fact]
    public void Ping_is_exact_with_a_big_endian_ttl()
    {
        var frame = new byte[ZmtpPingCommand.GetFrameLength(3)];

        var written = ZmtpPingCommand.Write(frame, ttlDeciseconds: 0x0102, "abc"u8);

        Assert.Equal(frame.Length, written);
        Assert.Equal([0x04, 10, 4, .. "PING"u8, 0x01, 0x02, .. "abc"u8], frame);
    }

    [Fact]
    public void Ping_without_context_matches_what_libzmq_sends()
    {
        // libzmq's produce_ping_message: "\4PING" and the 16-bit TTL, no context.
        var frame = new byte[ZmtpPingCommand.GetFrameLength(0)];

        ZmtpPingCommand.Write(frame, ttlDeciseconds: 0, []);

        Assert.Equal([0x04, 7, 4, .. "PING"u8, 0, 0], frame);
    }

    [Fact]
    public void Ping_parses_back_to_ttl_and_context()
    {
        var frame = new byte[ZmtpPingCommand.GetFrameLength(16)];
        var context = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        ZmtpPingCommand.Write(frame, ttlDeciseconds: 65535, context);
        var command = ZmtpCommand.Parse(frame.AsSpan(2));

        ZmtpPingCommand.Parse(command.Data, out var ttl, out var parsedContext);

        Assert.Equal(ZmtpCommandKind.Ping, command.Kind);
        Assert.Equal(65535, ttl);
        Assert.Equal(context, parsedContext.ToArray());
    }

    [Fact]
    public void Ping_context_beyond_16_bytes_is_cut_as_libzmq_does()
    {
        byte[] data = [0, 5, .. Enumerable.Range(0, 20).Select(i => (byte)i)];

        ZmtpPingCommand.Parse(data, out var ttl, out var context);

        Assert.Equal(5, ttl);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)i), context.ToArray());
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1 })]
    public void Ping_without_a_full_ttl_is_malformed(byte[] data)
    {
        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpPingCommand.Parse(data, out _, out _));

        Assert.Equal(ZmtpError.MalformedCommand, error.Error);
        Assert.Contains($"PING command data is {data.Length} bytes; it needs at least the 2-byte TTL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pong_echoes_the_context_exactly()
    {
        var frame = new byte[ZmtpPongCommand.GetFrameLength(3)];

        var written = ZmtpPongCommand.Write(frame, "abc"u8);

        Assert.Equal(frame.Length, written);
        Assert.Equal([0x04, 8, 4, .. "PONG"u8, .. "abc"u8], frame);
        Assert.Equal("abc"u8.ToArray(), ZmtpCommand.Parse(frame.AsSpan(2)).Data.ToArray());
    }

    [Fact]
    public void Context_longer_than_16_bytes_is_refused_when_sending()
    {
        var frame = new byte[64];

        Assert.Throws<ArgumentException>(() => ZmtpPingCommand.Write(frame, 1, new byte[17]));
        Assert.Throws<ArgumentException>(() => ZmtpPongCommand.Write(frame, new byte[17]));
        Assert.Throws<ArgumentException>(() => ZmtpPingCommand.GetFrameLength(17));
    }
}
