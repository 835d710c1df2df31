using RuntimeActors.Security;

namespace RuntimeActors.Tests.Security;

/// <summary>RFC 27 replies as a handler bound to inproc://zeromq.zap.01 sends them, and libzmq's codes for bad ones.</summary>
public sealed class ZapReplyParsingTests
{
    private static ZMessage Build(string[] frames)
    {
        var message = new ZMessage().Append(ReadOnlyMemory<byte>.Empty);
        foreach (var frame in frames)
        {
            message.Append(frame);
        }

        return message;
    }

    [Fact]
    public void A_well_formed_reply_gives_status_text_user_and_metadata()
    {
        var metadata = new byte[] { 4, (byte)'R', (byte)'o', (byte)'l', (byte)'e', 0, 0, 0, 5, (byte)'a', (byte)'d', (byte)'m', (byte)'i', (byte)'n' };
        var message = Build(["1.0", "7", "200", "OK", "alice"]).Append(metadata);

        Assert.True(ZapDispatcher.TryParseReply(message, out var id, out var reply, out _));
        Assert.Equal("7", id);
        Assert.Equal(200, reply.StatusCode);
        Assert.Equal("OK", reply.StatusText);
        Assert.Equal("alice", reply.UserId);
        Assert.Equal("admin", reply.Metadata!["Role"]);
    }

    [Theory]
    [InlineData(new[] { "1.0", "7", "200", "OK" }, ZmqProtocolError.ZapMalformedReply, "7")]
    [InlineData(new[] { "2.0", "7", "200", "OK", "", "" }, ZmqProtocolError.ZapBadVersion, "7")]
    [InlineData(new[] { "1.0", "7", "20x", "OK", "", "" }, ZmqProtocolError.ZapInvalidStatusCode, "7")]
    [InlineData(new[] { "1.0", "7", "2000", "OK", "", "" }, ZmqProtocolError.ZapInvalidStatusCode, "7")]
    [InlineData(new[] { "1.0" }, ZmqProtocolError.ZapMalformedReply, "")]
    public void A_malformed_reply_names_libzmqs_code_and_the_request_when_it_can(string[] frames, ZmqProtocolError code, string requestId)
    {
        Assert.False(ZapDispatcher.TryParseReply(Build(frames), out var id, out _, out var failure));
        Assert.Equal(code, failure.ProtocolError);
        Assert.Equal(requestId, id);
    }

    [Fact]
    public void Metadata_that_does_not_parse_is_invalid_metadata()
    {
        var message = Build(["1.0", "7", "200", "OK", ""]).Append(new byte[] { 9, 1 });

        Assert.False(ZapDispatcher.TryParseReply(message, out _, out _, out var failure));
        Assert.Equal(ZmqProtocolError.ZapInvalidMetadata, failure.ProtocolError);
    }
}
