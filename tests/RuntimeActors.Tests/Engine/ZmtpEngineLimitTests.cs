using RuntimeActors.Sockets;
using RuntimeActors.TestKit;
using RuntimeActors.Tests.Transports;
using RuntimeActors.Transports;
using RuntimeActors.Wire;
using static RuntimeActors.Tests.Engine.EngineTestKit;

namespace RuntimeActors.Tests.Engine;

/// <summary>What a peer that has not completed its handshake may make the engine hold, and large bodies over real tcp.</summary>
public class ZmtpEngineLimitTests
{
    [Fact]
    public async Task The_header_of_a_data_frame_before_READY_fails_the_handshake_without_its_body()
    {
        var pair = new DuplexPipePair();
        var engine = NewEngine(pair.Engine, Options(SocketType.Pull));
        var handshake = engine.HandshakeAsync(CancellationToken.None);

        // The greeting, then only the long header of a 1 GiB data frame: nothing of its body follows.
        await new PipePeer(pair.Peer).SendAsync(ZmtpTestFrames.Greeting(), [0x02, 0, 0, 0, 0, 0x40, 0, 0, 0]);

        var failure = await handshake.FailsWith<ZmtpProtocolException>();
        Assert.Equal(ZmtpError.UnexpectedCommand, failure.Error);
        Assert.Contains("1073741824-byte message frame", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_larger_than_a_handshake_command_fails_the_handshake_at_its_header()
    {
        var pair = new DuplexPipePair();
        var engine = NewEngine(pair.Engine, Options(SocketType.Pull));
        var handshake = engine.HandshakeAsync(CancellationToken.None);

        // A command announcing 16 MiB: a READY can never be that large.
        await new PipePeer(pair.Peer).SendAsync(ZmtpTestFrames.Greeting(), [0x06, 0, 0, 0, 0, 0x01, 0, 0, 0]);

        var failure = await handshake.FailsWith<ZmtpProtocolException>();
        Assert.Equal(ZmtpError.MessageTooLarge, failure.Error);
        Assert.Contains("16777216-byte command", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_READY_under_the_handshake_limit_is_accepted()
    {
        var pair = new DuplexPipePair();
        var engine = NewEngine(pair.Engine, Options(SocketType.Pull));
        var handshake = engine.HandshakeAsync(CancellationToken.None);

        // Application metadata of 60,000 bytes: larger than any handshake command of ours, under the limit.
        var properties = new Dictionary<string, byte[]> { ["X-Large"] = Pattern(60_000) };
        await new PipePeer(pair.Peer).SendAsync(ZmtpTestFrames.Greeting(), ZmtpTestFrames.Ready("PUSH", properties));

        Assert.Equal(SocketType.Push, (await handshake.Within()).SocketType);
    }

    [Fact]
    public async Task A_large_message_sent_in_pieces_over_tcp_arrives_exactly()
    {
        // The direct path: the body goes from the socket into the message's memory, which grows as the body arrives.
        using var pair = await TcpPair.OpenAsync();
        await using var connection = SocketConnection.Start(pair.Local, "tcp://local", "tcp://remote", TcpPair.Describe);
        var engine = NewEngine(connection.Transport, Options(SocketType.Pull));
        var handshake = engine.HandshakeAsync(CancellationToken.None);
        await TcpPair.SendAllAsync(pair.Peer, (byte[])[.. ZmtpTestFrames.Greeting(), .. ZmtpTestFrames.Ready("PUSH")]);
        await handshake.Within();
        var host = new FakeEngineHost();
        _ = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        var body = Pattern(3_000_000, 11);
        foreach (var piece in ((byte[])[.. ZmtpTestFrames.Frame(body), .. ZmtpTestFrames.Frame(Bytes("after"))]).Chunk(100_000))
        {
            await TcpPair.SendAllAsync(pair.Peer, piece);
        }

        var message = await host.NextDeliveryAsync();
        Assert.Equal(body.Length, message[0].Length);
        var same = body.AsSpan().CommonPrefixLength(message[0].Span);
        Assert.True(same == body.Length, $"the body differs from what was sent at byte {same}");
        Assert.Equal("after", (await host.NextDeliveryAsync()).GetString(0));
    }
}
