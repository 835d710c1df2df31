using Microsoft.Extensions.Time.Testing;
using RuntimeActors.Sockets;
using RuntimeActors.TestKit;
using static RuntimeActors.Tests.Engine.EngineTestKit;
using static RuntimeActors.Tests.Engine.ZmtpEngineTransferTests;

namespace RuntimeActors.Tests.Engine;

public class ZmtpEngineHeartbeatTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task PINGs_go_out_every_interval_with_the_TTL_in_deciseconds()
    {
        var options = Options(SocketType.Dealer, heartbeatInterval: Interval, heartbeatTtl: TimeSpan.FromSeconds(1), heartbeatTimeout: TimeSpan.FromMinutes(1));
        var (engine, peer) = await HandshakenAsync(SocketType.Dealer, "ROUTER", options);
        _ = engine.RunAsync(NewPipe(), new FakeEngineHost(), CancellationToken.None);

        byte[] ping = [0x04, 0x07, 0x04, .. "PING"u8, 0x00, 0x0A];
        Assert.Equal(ping, await peer.ReceiveAsync(9));
        Assert.Equal(ping, await peer.ReceiveAsync(9));
    }

    [Fact]
    public async Task A_silent_peer_is_disconnected_after_the_heartbeat_timeout()
    {
        var options = Options(SocketType.Dealer, heartbeatInterval: Interval, heartbeatTimeout: TimeSpan.FromMilliseconds(300));
        var (engine, peer) = await HandshakenAsync(SocketType.Dealer, "ROUTER", options);

        var failure = await engine.RunAsync(NewPipe(), new FakeEngineHost(), CancellationToken.None).FailsWith<TimeoutException>();

        Assert.Contains("ZMQ_HEARTBEAT_TIMEOUT", failure.Message, StringComparison.Ordinal);
        await peer.ReceiveAsync(9);
    }

    [Fact]
    public async Task Answered_PINGs_keep_the_connection_and_silence_then_ends_it()
    {
        // The test's own clock: with real timers a loaded machine could delay an answer past the timeout (it did once).
        var time = new FakeTimeProvider();
        var timeout = TimeSpan.FromMilliseconds(400);
        var options = Options(SocketType.Dealer, heartbeatInterval: Interval, heartbeatTimeout: timeout);
        var (engine, peer) = await HandshakenAsync(new DuplexPipePair(), SocketType.Dealer, "ROUTER", options, time: time);
        var run = engine.RunAsync(NewPipe(), new FakeEngineHost(), CancellationToken.None);

        // Eight intervals are twice the timeout: without the answers the connection would end after the fourth.
        for (var i = 0; i < 8; i++)
        {
            time.Advance(Interval);
            Assert.Equal("PING"u8.ToArray(), (await peer.ReceiveFrameAsync()).Body[1..5]);
            await peer.SendAsync(ZmtpTestFrames.Command("PONG", []));
            // The engine reads in order, so its answer to this PING shows it has read the PONG before the clock moves on.
            await peer.SendAsync(ZmtpTestFrames.Ping(0, []));
            Assert.Equal("PONG"u8.ToArray(), (await peer.ReceiveFrameAsync()).Body[1..5]);
        }

        Assert.False(run.IsCompleted);

        // One more PING, unanswered: the timeout after it ends the connection.
        time.Advance(Interval);
        Assert.Equal("PING"u8.ToArray(), (await peer.ReceiveFrameAsync()).Body[1..5]);
        Assert.False(run.IsCompleted);
        time.Advance(timeout);
        var failure = await run.FailsWith<TimeoutException>();
        Assert.Contains("ZMQ_HEARTBEAT_TIMEOUT", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_PING_with_a_TTL_ends_the_connection_when_nothing_follows_it()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Dealer, "ROUTER");
        var run = engine.RunAsync(NewPipe(), new FakeEngineHost(), CancellationToken.None);

        await peer.SendAsync(ZmtpTestFrames.Ping(2, []));

        Assert.Equal([0x04, 0x05, 0x04, .. "PONG"u8], await peer.ReceiveAsync(7));
        var failure = await run.FailsWith<TimeoutException>();
        Assert.Contains("TTL of 200 ms", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_PING_without_a_TTL_arms_no_deadline()
    {
        // Our own PINGs (every 100 ms, with a long timeout) serve as the clock while the peer stays silent.
        var options = Options(SocketType.Dealer, heartbeatInterval: Interval, heartbeatTimeout: TimeSpan.FromMinutes(1));
        var (engine, peer) = await HandshakenAsync(SocketType.Dealer, "ROUTER", options);
        var run = engine.RunAsync(NewPipe(), new FakeEngineHost(), CancellationToken.None);

        await peer.SendAsync(ZmtpTestFrames.Ping(0, []));
        var seen = new List<string>();
        while (seen.Count(name => name == "PING") < 3)
        {
            var (_, body) = await peer.ReceiveFrameAsync();
            seen.Add(System.Text.Encoding.ASCII.GetString(body, 1, body[0]));
        }

        Assert.Contains("PONG", seen);
        Assert.False(run.IsCompleted);
        await peer.CloseAsync();
        await run.Within();
    }

    [Fact]
    public async Task A_frame_right_behind_a_peer_PING_satisfies_its_TTL()
    {
        // The PING (TTL 100 ms) and a message arrive in one read; our own PINGs then serve as the clock.
        var options = Options(SocketType.Dealer, heartbeatInterval: Interval, heartbeatTimeout: TimeSpan.FromMinutes(1));
        var (engine, peer) = await HandshakenAsync(SocketType.Dealer, "ROUTER", options);
        var host = new FakeEngineHost();
        var run = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        await peer.SendAsync(ZmtpTestFrames.Ping(1, []), ZmtpTestFrames.Frame(Bytes("after the ping")));
        await host.NextDeliveryAsync();
        var pings = 0;
        while (pings < 4)
        {
            var (_, body) = await peer.ReceiveFrameAsync();
            pings += System.Text.Encoding.ASCII.GetString(body, 1, body[0]) == "PING" ? 1 : 0;
        }

        Assert.False(run.IsCompleted);
        await peer.CloseAsync();
        await run.Within();
    }
}
