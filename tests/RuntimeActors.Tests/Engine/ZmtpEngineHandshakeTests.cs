using System.Text;
using RuntimeActors.Sockets;
using RuntimeActors.TestKit;
using RuntimeActors.Wire;
using static RuntimeActors.Tests.Engine.EngineTestKit;

namespace RuntimeActors.Tests.Engine;

public class ZmtpEngineHandshakeTests
{
    [Fact]
    public async Task Dealer_and_router_engines_learn_each_others_type_and_identity()
    {
        var pair = new DuplexPipePair();
        var dealer = NewEngine(pair.Engine, Options(SocketType.Dealer, routingId: "client-1"), remote: "10.0.0.2:5555");
        var router = NewEngine(pair.Peer, Options(SocketType.Router), remote: "10.0.0.1:40001");

        var dealerSide = dealer.HandshakeAsync(CancellationToken.None);
        var routerSide = router.HandshakeAsync(CancellationToken.None);
        var routerAsSeenByDealer = await dealerSide.Within();
        var dealerAsSeenByRouter = await routerSide.Within();

        Assert.Equal(SocketType.Router, routerAsSeenByDealer.SocketType);
        Assert.Empty(routerAsSeenByDealer.RoutingId.ToArray());
        Assert.Equal(1, routerAsSeenByDealer.ZmtpMinorVersion);
        Assert.Equal("10.0.0.2:5555", routerAsSeenByDealer.RemoteAddress);
        Assert.Equal(EngineTestKit.Endpoint, routerAsSeenByDealer.Endpoint);
        Assert.Equal(SocketType.Dealer, dealerAsSeenByRouter.SocketType);
        Assert.Equal("client-1", Encoding.ASCII.GetString(dealerAsSeenByRouter.RoutingId.Span));
        Assert.Same(routerAsSeenByDealer, dealer.Peer);
    }

    [Fact]
    public async Task Our_greeting_and_ready_are_the_exact_ZMTP_3_1_bytes()
    {
        var pair = new DuplexPipePair();
        var peer = new PipePeer(pair.Peer);
        var engine = NewEngine(pair.Engine, Options(SocketType.Sub));

        var handshake = engine.HandshakeAsync(CancellationToken.None);
        await peer.SendAsync(ZmtpTestFrames.Greeting(), ZmtpTestFrames.Ready("PUB"));

        // As libzmq 4.3.4 sends it (captured from libzmq5 4.3.4-6), except that our signature padding is all zero.
        byte[] greeting = [0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F, 3, 1, .. "NULL"u8, .. new byte[16], 0, .. new byte[31]];
        Assert.Equal(greeting, await peer.ReceiveAsync(64));
        Assert.Equal(
            [0x04, 0x19, 0x05, .. "READY"u8, 0x0B, .. "Socket-Type"u8, 0, 0, 0, 3, .. "SUB"u8],
            await peer.ReceiveAsync(27));
        Assert.Equal(SocketType.Pub, (await handshake.Within()).SocketType);
    }

    [Fact]
    public async Task Incompatible_types_fail_on_both_sides()
    {
        var pair = new DuplexPipePair();
        var pub = NewEngine(pair.Engine, Options(SocketType.Pub));
        var push = NewEngine(pair.Peer, Options(SocketType.Push));

        var pubSide = pub.HandshakeAsync(CancellationToken.None);
        var pushSide = push.HandshakeAsync(CancellationToken.None);

        Assert.Equal(ZmtpError.IncompatibleSocketType, (await pubSide.FailsWith<ZmtpProtocolException>()).Error);
        Assert.Equal(ZmtpError.IncompatibleSocketType, (await pushSide.FailsWith<ZmtpProtocolException>()).Error);
    }

    [Fact]
    public async Task An_incompatible_peer_is_sent_an_ERROR_and_the_connection_closes()
    {
        var pair = new DuplexPipePair();
        var peer = new PipePeer(pair.Peer);
        var engine = NewEngine(pair.Engine, Options(SocketType.Pub));

        var handshake = engine.HandshakeAsync(CancellationToken.None);
        await peer.SendAsync(ZmtpTestFrames.Greeting(), ZmtpTestFrames.Ready("PUSH"));

        var failure = await handshake.FailsWith<ZmtpProtocolException>();
        Assert.Equal(ZmtpError.IncompatibleSocketType, failure.Error);
        await peer.ReceiveAsync(64);
        Assert.Equal("READY", Encoding.ASCII.GetString((await peer.ReceiveFrameAsync()).Body, 1, 5));
        var reason = "Socket-Type PUSH cannot talk to PUB";
        var (flags, body) = await peer.ReceiveFrameAsync();
        Assert.Equal(0x04, flags);
        Assert.Equal([5, .. "ERROR"u8, (byte)reason.Length, .. Encoding.ASCII.GetBytes(reason)], body);
        await peer.ExpectEndAsync();
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: example\r\n\r\n")]
    [InlineData("G")]
    public async Task A_non_ZMTP_peer_is_rejected_without_waiting_for_64_bytes(string request)
    {
        var pair = new DuplexPipePair();
        var peer = new PipePeer(pair.Peer);
        var engine = NewEngine(pair.Engine, Options(SocketType.Rep));

        var handshake = engine.HandshakeAsync(CancellationToken.None);
        await peer.SendAsync(Bytes(request));

        // The peer keeps the connection open and sends no more: only an early check can end the handshake.
        var failure = await handshake.FailsWith<ZmtpProtocolException>();
        Assert.Equal(ZmtpError.BadSignature, failure.Error);
        await peer.ReceiveAsync(64);
        await peer.ExpectEndAsync();
    }

    [Fact]
    public async Task A_bad_signature_end_is_rejected_after_10_bytes()
    {
        var pair = new DuplexPipePair();
        var engine = NewEngine(pair.Engine, Options(SocketType.Rep));

        var handshake = engine.HandshakeAsync(CancellationToken.None);
        await new PipePeer(pair.Peer).SendAsync([0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x00]);

        Assert.Equal(ZmtpError.BadSignature, (await handshake.FailsWith<ZmtpProtocolException>()).Error);
    }

    [Fact]
    public async Task A_ZMTP_2_0_peer_is_rejected_after_11_bytes()
    {
        var pair = new DuplexPipePair();
        var engine = NewEngine(pair.Engine, Options(SocketType.Dealer));

        var handshake = engine.HandshakeAsync(CancellationToken.None);

        // ZMTP 2.0: signature, then revision 1 (and the socket type, which never comes here).
        await new PipePeer(pair.Peer).SendAsync([0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 0x01]);

        var failure = await handshake.FailsWith<ZmtpProtocolException>();
        Assert.Equal(ZmtpError.UnsupportedVersion, failure.Error);
    }

    [Fact]
    public async Task A_different_mechanism_is_rejected_without_an_ERROR()
    {
        var pair = new DuplexPipePair();
        var peer = new PipePeer(pair.Peer);
        var engine = NewEngine(pair.Engine, Options(SocketType.Dealer));

        var handshake = engine.HandshakeAsync(CancellationToken.None);
        await peer.SendAsync(ZmtpTestFrames.Greeting(mechanism: "PLAIN"));

        Assert.Equal(ZmtpError.MechanismMismatch, (await handshake.FailsWith<ZmtpProtocolException>()).Error);
        await peer.ReceiveAsync(64);
        await peer.ExpectEndAsync();
    }

    [Fact]
    public async Task A_peer_ERROR_fails_the_handshake_and_is_not_answered()
    {
        var pair = new DuplexPipePair();
        var peer = new PipePeer(pair.Peer);
        var engine = NewEngine(pair.Engine, Options(SocketType.Dealer));

        var handshake = engine.HandshakeAsync(CancellationToken.None);
        await peer.SendAsync(ZmtpTestFrames.Greeting(), ZmtpTestFrames.Command("ERROR", [7, .. "go away"u8]));

        var failure = await handshake.FailsWith<ZmtpProtocolException>();
        Assert.Equal(ZmtpError.HandshakeRejected, failure.Error);
        Assert.Contains("go away", failure.Message, StringComparison.Ordinal);
        await peer.ReceiveAsync(64);
        Assert.Equal("READY", Encoding.ASCII.GetString((await peer.ReceiveFrameAsync()).Body, 1, 5));
        await peer.ExpectEndAsync();
    }

    [Fact]
    public async Task A_message_before_READY_is_a_protocol_error()
    {
        var pair = new DuplexPipePair();
        var engine = NewEngine(pair.Engine, Options(SocketType.Pull));

        var handshake = engine.HandshakeAsync(CancellationToken.None);
        await new PipePeer(pair.Peer).SendAsync(ZmtpTestFrames.Greeting(), ZmtpTestFrames.Frame(Bytes("early")));

        Assert.Equal(ZmtpError.UnexpectedCommand, (await handshake.FailsWith<ZmtpProtocolException>()).Error);
    }

    [Fact]
    public async Task A_silent_peer_fails_the_handshake_after_the_handshake_timeout()
    {
        var pair = new DuplexPipePair();
        var peer = new PipePeer(pair.Peer);
        var engine = NewEngine(pair.Engine, Options(SocketType.Dealer, handshakeTimeout: TimeSpan.FromMilliseconds(100)));

        var failure = await engine.HandshakeAsync(CancellationToken.None).FailsWith<TimeoutException>();

        Assert.Contains("handshake timeout of 100 ms", failure.Message, StringComparison.Ordinal);
        await peer.ReceiveAsync(64);
        await peer.ExpectEndAsync();
    }

    [Fact]
    public async Task Cancelling_the_handshake_is_not_reported_as_a_timeout()
    {
        var pair = new DuplexPipePair();
        var engine = NewEngine(pair.Engine, Options(SocketType.Dealer, handshakeTimeout: TimeSpan.FromMinutes(1)));
        using var cancel = new CancellationTokenSource();

        var handshake = engine.HandshakeAsync(cancel.Token);
        await cancel.CancelAsync();

        // A handshake still running at the timeout throws TimeoutException, which is not a cancellation.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handshake.WaitAsync(EngineTestKit.Timeout));
    }

    [Fact]
    public async Task A_peer_that_closes_during_the_greeting_is_an_IO_failure()
    {
        var pair = new DuplexPipePair();
        var peer = new PipePeer(pair.Peer);
        var engine = NewEngine(pair.Engine, Options(SocketType.Dealer));

        var handshake = engine.HandshakeAsync(CancellationToken.None);
        await peer.SendAsync(ZmtpTestFrames.Greeting()[..20]);
        await peer.CloseAsync();

        await handshake.FailsWith<IOException>();
    }

    [Fact]
    public async Task Messages_sent_right_behind_READY_are_kept_for_the_run()
    {
        var pair = new DuplexPipePair();
        var engine = NewEngine(pair.Engine, Options(SocketType.Pull));
        var host = new FakeEngineHost();

        // One write: greeting, READY and a message arrive in the same read.
        await new PipePeer(pair.Peer).SendAsync(ZmtpTestFrames.Greeting(), ZmtpTestFrames.Ready("PUSH"), ZmtpTestFrames.Frame(Bytes("first")));
        await engine.HandshakeAsync(CancellationToken.None).Within();
        _ = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        Assert.Equal("first", (await host.NextDeliveryAsync()).GetString(0));
    }

    [Fact]
    public async Task RunAsync_needs_a_completed_handshake()
    {
        var engine = NewEngine(new DuplexPipePair().Engine, Options(SocketType.Pull));

        await Assert.ThrowsAsync<InvalidOperationException>(() => engine.RunAsync(NewPipe(), new FakeEngineHost(), CancellationToken.None));
    }
}
