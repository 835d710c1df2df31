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
