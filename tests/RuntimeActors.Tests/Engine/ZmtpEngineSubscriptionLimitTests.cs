using System.Buffers;
using RuntimeActors.Sockets;
using RuntimeActors.Tests.Sockets;
using RuntimeActors.TestKit;
using static RuntimeActors.Tests.Engine.EngineTestKit;
using static RuntimeActors.Tests.Engine.ZmtpEngineTransferTests;

namespace RuntimeActors.Tests.Engine;

/// <summary>A publishing engine against a peer that floods subscriptions, with the real PUB and XPUB data paths as hosts.</summary>
public class ZmtpEngineSubscriptionLimitTests
{
    [Fact]
    public async Task A_peer_flooding_an_unread_XPUB_with_subscriptions_stops_being_read()
    {
        // Regression: the read loop handed every subscription over at once and XPUB queued every report.
        var pair = new DuplexPipePair(toEngine: DuplexPipePair.Small(pauseWriterThreshold: 1024, resumeWriterThreshold: 512));
        // The engine's own PINGs (every 50 ms) serve as a clock while the peer's writes are stalled.
        var options = Options(SocketType.XPub, heartbeatInterval: TimeSpan.FromMilliseconds(50), heartbeatTimeout: TimeSpan.FromMinutes(1));
        var (engine, peer) = await HandshakenAsync(pair, SocketType.XPub, "SUB", options);
        var xpub = CoreHarness.Core(SocketType.XPub, o => o.ReceiveHighWaterMark = 4);
        var pipe = CoreHarness.ConnectedPipe(xpub, SocketType.Sub);
        _ = engine.RunAsync(pipe, xpub, CancellationToken.None);

        // First more subscriptions than RCVHWM in one write past the pause threshold: the flush completes once the engine
        // has read them all, and it is then stuck at the fifth, waiting for room for its report.
        var first = Enumerable.Range(0, 100).SelectMany(i => ZmtpTestFrames.Command("SUBSCRIBE", Bytes($"t{i:D5}"))).ToArray();
        Assert.True(first.Length > 1024);
        await peer.SendAsync(first).Within();
        var sent = 100;
        Task? stalled = null;
        while (stalled is null && sent < 100_000)
        {
            peer.Output.Write(ZmtpTestFrames.Command("SUBSCRIBE", Bytes($"t{sent:D5}")));
            sent++;
            var flush = peer.Output.FlushAsync();
            if (!flush.IsCompleted)
            {
                stalled = flush.AsTask();
            }
        }

        Assert.NotNull(stalled);
        for (var pings = 0; pings < 3; pings++)
        {
            Assert.Equal("PING"u8.ToArray(), (await peer.ReceiveFrameAsync()).Body[1..5]);
        }

        // Three heartbeat intervals later the engine has acted on RCVHWM subscriptions only and reads no further.
        Assert.False(stalled.IsCompleted);
        Assert.Equal(4, pipe.Subscriptions.Count);

        // The application reads the reports: every subscription arrives, in order, and the peer can write again.
        for (var i = 0; i < sent; i++)
        {
            var report = await xpub.ReceiveAsync(CoreHarness.Patience, CancellationToken.None);
            Assert.Equal([1, .. Bytes($"t{i:D5}")], report[0].ToArray());
        }

        await stalled.Within();
        Assert.Equal(sent, pipe.Subscriptions.Count);
    }

    [Fact]
    public async Task A_peer_past_MaxSubscriptionsPerPeer_is_disconnected_with_an_error_naming_the_bound()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pub, "SUB");
        var pub = CoreHarness.Core(SocketType.Pub, o => o.MaxSubscriptionsPerPeer = 3);
        var pipe = CoreHarness.ConnectedPipe(pub, SocketType.Sub);
        var run = engine.RunAsync(pipe, pub, CancellationToken.None);

        await peer.SendAsync(
            ZmtpTestFrames.Command("SUBSCRIBE", Bytes("a")),
            ZmtpTestFrames.Command("SUBSCRIBE", Bytes("b")),
            ZmtpTestFrames.Command("SUBSCRIBE", Bytes("c")),
            ZmtpTestFrames.Command("SUBSCRIBE", Bytes("d")));

        var failure = await run.FailsWith<ZmqException>();
        Assert.Equal(ZmqError.NoBufferSpace, failure.Error);
        Assert.Contains("MaxSubscriptionsPerPeer", failure.Message, StringComparison.Ordinal);
        await peer.ExpectEndAsync();
    }
}
