using RuntimeActors.Sockets;
using RuntimeActors.TestKit;
using RuntimeActors.Wire;
using static RuntimeActors.Tests.Engine.EngineTestKit;
using static RuntimeActors.Tests.Engine.ZmtpEngineTransferTests;

namespace RuntimeActors.Tests.Engine;

public class ZmtpEngineCloseTests
{
    [Fact]
    public async Task The_peer_closing_at_a_message_boundary_ends_the_run_normally()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH");
        var host = new FakeEngineHost();
        var run = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        await peer.SendAsync(ZmtpTestFrames.Frame(Bytes("last words")));
        await peer.CloseAsync();

        await run.Within();
        Assert.Equal("last words", (await host.NextDeliveryAsync()).GetString(0));
        await peer.ExpectEndAsync();
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x0A, 1, 2, 3 }, "3 bytes into the body of a 10-byte message frame")]
    [InlineData(new byte[] { 0x02, 0, 0, 0 }, "middle of a frame header")]
    [InlineData(new byte[] { 0x01, 0x01, 0x41 }, "middle of a multipart message")]
    public async Task The_peer_closing_inside_a_frame_or_message_is_a_protocol_error(byte[] sent, string expected)
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH");
        var host = new FakeEngineHost();
        var run = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        await peer.SendAsync(sent);
        await peer.CloseAsync();

        var failure = await run.FailsWith<ZmtpProtocolException>();
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.False(host.HasDelivery);
        await peer.ExpectEndAsync();
    }

    [Fact]
    public async Task A_reset_connection_is_an_IO_failure()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH");
        var run = engine.RunAsync(NewPipe(), new FakeEngineHost(), CancellationToken.None);

        await peer.CloseAsync(new IOException("connection reset by peer"));

        var failure = await run.FailsWith<IOException>();
        Assert.Equal("connection reset by peer", failure.Message);
    }

    [Fact]
    public async Task A_socket_error_from_the_transport_becomes_an_IO_failure()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH");
        var run = engine.RunAsync(NewPipe(), new FakeEngineHost(), CancellationToken.None);

        await peer.CloseAsync(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset));

        var failure = await run.FailsWith<IOException>();
        Assert.IsType<System.Net.Sockets.SocketException>(failure.InnerException);
    }

    [Fact]
    public async Task Cancelling_flushes_the_queued_messages_then_closes()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Push, "PULL");
        var pipe = NewPipe();
        for (var i = 0; i < 500; i++)
        {
            pipe.Outbound.TryWrite(ZMessage.FromStrings($"queued {i:D3}"));
        }

        using var close = new CancellationTokenSource();
        await close.CancelAsync();
        var run = engine.RunAsync(pipe, new FakeEngineHost(), close.Token);

        for (var i = 0; i < 500; i++)
        {
            Assert.Equal([0x00, 10, .. Bytes($"queued {i:D3}")], await peer.ReceiveAsync(12));
        }

        await peer.ExpectEndAsync();
        await run.Within();
    }

    [Fact]
    public async Task Cancelling_an_idle_engine_right_after_queueing_still_flushes_the_queue()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Push, "PULL");
        var pipe = NewPipe(sendHighWaterMark: 0);
        using var close = new CancellationTokenSource();
        var run = engine.RunAsync(pipe, new FakeEngineHost(), close.Token);

        // A PING/PONG round trip shows the write loop has run; it then waits for messages.
        await peer.SendAsync(ZmtpTestFrames.Ping(0, []));
        await peer.ReceiveAsync(7);

        // Queue and cancel at once: the close usually wins the race against the wake-up for the messages.
        var body = Pattern(1000);
        for (var i = 0; i < 50; i++)
        {
            pipe.Outbound.TryWrite(ZMessage.FromFrames(body));
        }

        close.Cancel();
        for (var i = 0; i < 50; i++)
        {
            var (_, received) = await peer.ReceiveFrameAsync();
            Assert.Equal(body, received);
        }

        await peer.ExpectEndAsync();
        await run.Within();
    }

    [Fact]
    public async Task Completing_the_outbound_queue_flushes_it_and_closes()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Push, "PULL");
        var pipe = NewPipe();
        var run = engine.RunAsync(pipe, new FakeEngineHost(), CancellationToken.None);

        pipe.Outbound.TryWrite(ZMessage.FromStrings("one"));
        pipe.Outbound.TryWrite(ZMessage.FromStrings("two"));
        pipe.Outbound.Complete();

        Assert.Equal([0x00, 3, .. "one"u8], await peer.ReceiveAsync(5));
        Assert.Equal([0x00, 3, .. "two"u8], await peer.ReceiveAsync(5));
        await peer.ExpectEndAsync();
        await run.Within();
    }

    [Fact]
    public async Task A_protocol_error_stops_the_write_loop_and_closes_both_directions()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pull, "PUSH");
        var run = engine.RunAsync(NewPipe(), new FakeEngineHost(), CancellationToken.None);

        await peer.SendAsync([0xF0, 0x00]);

        await run.FailsWith<ZmtpProtocolException>();
        await peer.ExpectEndAsync();

        // The engine no longer reads: its side of our output is complete.
        var flush = await peer.Output.WriteAsync(ZmtpTestFrames.Frame(Bytes("late")));
        Assert.True(flush.IsCompleted);
    }
}
