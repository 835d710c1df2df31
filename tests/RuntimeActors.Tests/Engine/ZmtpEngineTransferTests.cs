using RuntimeActors.Messages;
using System.Buffers;
using RuntimeActors.Engine;
using RuntimeActors.Sockets;
using RuntimeActors.TestKit;
using RuntimeActors.Wire;
using static RuntimeActors.Tests.Engine.EngineTestKit;

namespace RuntimeActors.Tests.Engine;

public class ZmtpEngineTransferTests
{
    [Fact]
    public async Task Multipart_messages_with_empty_255_256_byte_and_10_MB_frames_cross_intact()
    {
        var pair = new DuplexPipePair();
        var push = NewEngine(pair.Peer, Options(SocketType.Push));
        var pull = NewEngine(pair.Engine, Options(SocketType.Pull));
        await Task.WhenAll(push.HandshakeAsync(CancellationToken.None), pull.HandshakeAsync(CancellationToken.None)).Within();
        var outbound = NewPipe();
        var host = new FakeEngineHost();
        _ = push.RunAsync(outbound, new FakeEngineHost(), CancellationToken.None);
        _ = pull.RunAsync(NewPipe(), host, CancellationToken.None);

        byte[][] first = [[], Pattern(255, 1), Pattern(256, 2), Pattern(10 * 1024 * 1024, 3), []];
        byte[][] second = [Pattern(1, 4)];
        Assert.True(outbound.Outbound.TryWrite(ZMessage.FromFrames(first)));
        Assert.True(outbound.Outbound.TryWrite(ZMessage.FromFrames(second)));

        AssertFrames(first, await host.NextDeliveryAsync());
        AssertFrames(second, await host.NextDeliveryAsync());
    }

    [Fact]
    public async Task Frames_go_out_with_short_and_long_headers_and_MORE_flags()
    {
        var pair = new DuplexPipePair();
        var peer = new PipePeer(pair.Peer);
        var engine = NewEngine(pair.Engine, Options(SocketType.Push));
        var handshake = engine.HandshakeAsync(CancellationToken.None);
        await peer.HandshakeAsync("PULL");
        await handshake.Within();
        var pipe = NewPipe();
        _ = engine.RunAsync(pipe, new FakeEngineHost(), CancellationToken.None);

        var b255 = Pattern(255);
        var b256 = Pattern(256);
        pipe.Outbound.TryWrite(ZMessage.FromFrames([], b255, b256));

        Assert.Equal([0x01, 0x00], await peer.ReceiveAsync(2));
        Assert.Equal([0x01, 0xFF, .. b255], await peer.ReceiveAsync(2 + 255));
        Assert.Equal([0x02, 0, 0, 0, 0, 0, 0, 1, 0, .. b256], await peer.ReceiveAsync(9 + 256));
    }

    [Fact]
    public async Task Between_reads_the_engine_holds_no_shared_buffer_and_a_small_read_gets_a_small_one()
    {
        // Regression: each connection kept a 32 KB buffer after its last message, 61 KB of heap per idle ROUTER peer.
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH");
        var host = new FakeEngineHost();
        _ = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        await peer.SendAsync(ZmtpTestFrames.Frame(Pattern(64, 1)));
        var first = await host.NextDeliveryAsync();
        // The second read can only be decoded after the first one's end, where the engine lets its buffer go.
        await peer.SendAsync(ZmtpTestFrames.Frame(Pattern(64, 2)));
        var second = await host.NextDeliveryAsync();

        var buffer = Assert.IsType<FrameBuffer>(first.FirstBuffer);
        Assert.Equal(1, buffer.References);
        Assert.Equal(2048, buffer.Array.Length);
        Assert.NotSame(buffer, second.FirstBuffer);
        AssertFrames([Pattern(64, 1)], first);
    }

    [Fact]
    public async Task Frames_split_across_every_byte_are_reassembled()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH");
        var host = new FakeEngineHost();
        _ = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        var big = Pattern(300, 7);
        await peer.SendByteByByteAsync([.. ZmtpTestFrames.Frame(Bytes("a"), more: true), .. ZmtpTestFrames.Frame([], more: true), .. ZmtpTestFrames.Frame(big)]);

        AssertFrames([Bytes("a"), [], big], await host.NextDeliveryAsync());
    }

    [Fact]
    public async Task A_frame_over_MAXMSGSIZE_closes_the_connection_from_its_header_alone()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH", Options(SocketType.Pull, maxMessageSize: 1000));
        var host = new FakeEngineHost();
        var run = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        // Only the 9-byte long header announcing 1001 bytes: no body follows.
        await peer.SendAsync([0x02, 0, 0, 0, 0, 0, 0, 0x03, 0xE9]);

        var failure = await run.FailsWith<ZmtpProtocolException>();
        Assert.Equal(ZmtpError.MessageTooLarge, failure.Error);
        Assert.False(host.HasDelivery);
        await peer.ExpectEndAsync();
    }

    [Fact]
    public async Task A_frame_at_MAXMSGSIZE_is_accepted()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH", Options(SocketType.Pull, maxMessageSize: 1000));
        var host = new FakeEngineHost();
        _ = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        await peer.SendAsync(ZmtpTestFrames.Frame(Pattern(1000)));

        Assert.Equal(1000, (await host.NextDeliveryAsync())[0].Length);
    }

    [Theory]
    [InlineData(0x08, ZmtpError.ReservedFlagsSet)]
    [InlineData(0x05, ZmtpError.CommandWithMoreFlag)]
    public async Task Bad_frame_flags_are_protocol_errors(byte flags, ZmtpError expected)
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH");
        var run = engine.RunAsync(NewPipe(), new FakeEngineHost(), CancellationToken.None);

        await peer.SendAsync([flags, 0x01, 0x41]);

        Assert.Equal(expected, (await run.FailsWith<ZmtpProtocolException>()).Error);
    }

    [Fact]
    public async Task Messages_received_whole_before_a_protocol_error_are_still_delivered()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH");
        var host = new FakeEngineHost();
        var run = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        await peer.SendAsync(ZmtpTestFrames.Frame(Bytes("good")), [0x08, 0x00]);

        Assert.Equal(ZmtpError.ReservedFlagsSet, (await run.FailsWith<ZmtpProtocolException>()).Error);
        Assert.Equal("good", (await host.NextDeliveryAsync()).GetString(0));
    }

    [Fact]
    public async Task A_PING_is_answered_with_a_PONG_echoing_its_context()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH");
        _ = engine.RunAsync(NewPipe(), new FakeEngineHost(), CancellationToken.None);

        await peer.SendAsync(ZmtpTestFrames.Ping(0, Bytes("ctx-1234")));

        Assert.Equal([0x04, 0x0D, 0x04, .. "PONG"u8, .. "ctx-1234"u8], await peer.ReceiveAsync(15));
    }

    [Fact]
    public async Task Commands_between_the_frames_of_a_message_are_handled_and_unknown_ones_ignored()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH");
        var host = new FakeEngineHost();
        _ = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        await peer.SendAsync(
            ZmtpTestFrames.Frame(Bytes("head"), more: true),
            ZmtpTestFrames.Ping(0, []),
            ZmtpTestFrames.Command("X-CUSTOM", Bytes("whatever")),
            ZmtpTestFrames.Frame(Bytes("tail")));

        AssertFrames([Bytes("head"), Bytes("tail")], await host.NextDeliveryAsync());
        Assert.Equal([0x04, 0x05, 0x04, .. "PONG"u8], await peer.ReceiveAsync(7));
    }

    [Fact]
    public async Task Queued_messages_are_flushed_once_per_batch()
    {
        var pair = new DuplexPipePair();
        var counting = new FlushCountingDuplex(pair.Engine);
        var peer = new PipePeer(pair.Peer);
        var engine = NewEngine(counting, Options(SocketType.Push));
        var handshake = engine.HandshakeAsync(CancellationToken.None);
        await peer.HandshakeAsync("PULL");
        await handshake.Within();
        var pipe = NewPipe(sendHighWaterMark: 0);
        for (var i = 0; i < 300; i++)
        {
            pipe.Outbound.TryWrite(ZMessage.FromStrings($"message {i:D3}"));
        }

        pipe.Outbound.Complete();
        counting.ResetFlushes();
        await engine.RunAsync(pipe, new FakeEngineHost(), CancellationToken.None).Within();

        // 300 messages in batches of at most 256: two flushes.
        Assert.Equal(2, counting.Flushes);
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal([0x00, 11, .. Bytes($"message {i:D3}")], await peer.ReceiveAsync(13));
        }

        await peer.ExpectEndAsync();
    }

    [Fact]
    public async Task A_blocked_delivery_stops_reading_until_the_socket_takes_the_message()
    {
        var pair = new DuplexPipePair(toEngine: DuplexPipePair.Small(pauseWriterThreshold: 1024, resumeWriterThreshold: 512));

        // The engine's own PINGs (every 50 ms) serve as a clock while the peer's writes are stalled.
        var options = Options(SocketType.Pull, heartbeatInterval: TimeSpan.FromMilliseconds(50), heartbeatTimeout: TimeSpan.FromMinutes(1));
        var (engine, peer) = await HandshakenAsync(pair, SocketType.Pull, "PUSH", options);
        var host = new FakeEngineHost();
        host.Hold();
        _ = engine.RunAsync(NewPipe(), host, CancellationToken.None);
        var message = ZmtpTestFrames.Frame(Pattern(100));

        await peer.SendAsync(message);
        await host.NextDeliveryStartedAsync();

        // The engine is stuck delivering the first message: everything sent now piles up in the transport.
        var sent = 1;
        Task? stalled = null;
        while (stalled is null && sent < 10_000)
        {
            peer.Output.Write(message);
            sent++;
            var flush = peer.Output.FlushAsync();
            if (!flush.IsCompleted)
            {
                stalled = flush.AsTask();
            }
        }

        Assert.NotNull(stalled);
        Assert.InRange(sent, 2, 2 + (1024 / message.Length) + 1);

        // Three heartbeat intervals later the engine still has not read on.
        for (var pings = 0; pings < 3; pings++)
        {
            Assert.Equal("PING"u8.ToArray(), (await peer.ReceiveFrameAsync()).Body[1..5]);
        }

        Assert.False(stalled.IsCompleted);
        Assert.Equal(1, host.InFlight);
        Assert.False(host.HasDelivery);

        host.Release();
        await stalled.Within();
        for (var i = 0; i < sent; i++)
        {
            Assert.Equal(100, (await host.NextDeliveryAsync())[0].Length);
        }
    }

    [Fact]
    public async Task Deliveries_carry_the_pipe_given_to_RunAsync()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH");
        var host = new FakeEngineHost();
        var pipe = NewPipe();
        _ = engine.RunAsync(pipe, host, CancellationToken.None);

        await peer.SendAsync(ZmtpTestFrames.Frame(Bytes("x")));
        await host.NextDeliveryAsync();

        Assert.Same(pipe, Assert.Single(host.Pipes));
    }

    internal static Task<(ZmtpEngine Engine, PipePeer Peer)> HandshakenAsync(SocketType type, string peerType, ZmtpEngineOptions? options = null, byte minor = 1) =>
        HandshakenAsync(new DuplexPipePair(), type, peerType, options, minor);

    internal static async Task<(ZmtpEngine Engine, PipePeer Peer)> HandshakenAsync(DuplexPipePair pair, SocketType type, string peerType, ZmtpEngineOptions? options = null, byte minor = 1, TimeProvider? time = null)
    {
        var peer = new PipePeer(pair.Peer);
        var engine = NewEngine(pair.Engine, options ?? Options(type), time: time);
        var handshake = engine.HandshakeAsync(CancellationToken.None);
        await peer.HandshakeAsync(peerType, minor);
        await handshake.Within();
        return (engine, peer);
    }

    internal static void AssertFrames(byte[][] expected, ZMessage actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i].Span), $"Frame {i} differs ({expected[i].Length} bytes expected, {actual[i].Length} received).");
        }
    }
}
