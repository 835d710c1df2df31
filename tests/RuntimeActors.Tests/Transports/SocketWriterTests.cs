using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using RuntimeActors.Transports;
using static RuntimeActors.Tests.Transports.TcpPair;

namespace RuntimeActors.Tests.Transports;

public sealed class SocketWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Bytes_arrive_exactly_and_in_order_across_many_flushes()
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        var data = RandomBytes(500_000, seed: 1);
        var receiving = ReceiveExactlyAsync(pair.Peer, data.Length);

        var random = new Random(2);
        var flushes = 0;
        for (var offset = 0; offset < data.Length;)
        {
            var chunk = Math.Min(data.Length - offset, random.Next(1, 20_000));
            Write(writer, data.AsSpan(offset, chunk));
            offset += chunk;
            var result = await FlushAsync(writer);
            flushes++;
            Assert.False(result.IsCanceled);
            Assert.False(result.IsCompleted);
        }

        var received = await receiving.WaitAsync(Timeout);
        Assert.True(flushes > 10, $"{flushes} flushes");
        Assert.True(data.AsSpan().SequenceEqual(received), $"the bytes differ first at {data.AsSpan().CommonPrefixLength(received)}");
        Assert.Equal(0, pair.Peer.Available);
    }

    [Fact]
    public async Task Nothing_reaches_the_peer_before_the_flush()
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);

        Write(writer, "hello"u8);

        Assert.False(pair.Peer.Poll(0, SelectMode.SelectRead));
        Assert.Equal(0, pair.Peer.Available);

        await FlushAsync(writer);

        Assert.Equal("hello"u8.ToArray(), await ReceiveExactlyAsync(pair.Peer, 5));
    }

    [Fact]
    public async Task UnflushedBytes_counts_the_advanced_bytes_until_the_flush()
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        Assert.True(writer.CanGetUnflushedBytes);
        Assert.Equal(0, writer.UnflushedBytes);

        writer.GetSpan(10);
        Assert.Equal(0, writer.UnflushedBytes);
        Write(writer, "abc"u8);
        Assert.Equal(3, writer.UnflushedBytes);
        Write(writer, "defg"u8);
        Assert.Equal(7, writer.UnflushedBytes);

        await FlushAsync(writer);

        Assert.Equal(0, writer.UnflushedBytes);
        Assert.Equal("abcdefg"u8.ToArray(), await ReceiveExactlyAsync(pair.Peer, 7));
    }

    [Fact]
    public async Task A_megabyte_written_through_GetSpan_0_grows_the_buffer_and_arrives_in_one_flush()
    {
        const int size = 1_000_000;
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        var data = RandomBytes(size, seed: 3);

        var random = new Random(4);
        var largestSpan = 0;
        for (var offset = 0; offset < size;)
        {
            var span = writer.GetSpan(0);
            Assert.True(span.Length > 0);
            largestSpan = Math.Max(largestSpan, span.Length);
            // Often less than the span: the next GetSpan(0) then hands out the rest of the same buffer.
            var chunk = Math.Min(Math.Min(span.Length, size - offset), random.Next(1, 40_000));
            data.AsSpan(offset, chunk).CopyTo(span);
            writer.Advance(chunk);
            offset += chunk;
        }

        Assert.Equal(size, writer.UnflushedBytes);
        Assert.True(largestSpan > 64 * 1024, $"the largest span was {largestSpan} bytes: the buffer never grew");
        var receiving = ReceiveExactlyAsync(pair.Peer, size);

        var result = await FlushAsync(writer);

        Assert.False(result.IsCompleted);
        Assert.Equal(0, writer.UnflushedBytes);
        var received = await receiving.WaitAsync(Timeout);
        Assert.True(data.AsSpan().SequenceEqual(received), $"the bytes differ first at {data.AsSpan().CommonPrefixLength(received)}");
        Assert.Equal(0, pair.Peer.Available);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public async Task A_size_hint_larger_than_the_buffer_is_honoured_and_keeps_what_is_written(int alreadyWritten)
    {
        const int hint = 200_000;
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        var data = RandomBytes(alreadyWritten + hint, seed: 5);
        Write(writer, data.AsSpan(0, alreadyWritten));

        var span = writer.GetSpan(hint);
        Assert.True(span.Length >= hint, $"{span.Length} bytes for a hint of {hint}");
        Assert.True(writer.GetMemory(hint).Length >= hint);

        data.AsSpan(alreadyWritten).CopyTo(writer.GetSpan(hint));
        writer.Advance(hint);
        var receiving = ReceiveExactlyAsync(pair.Peer, data.Length);
        await FlushAsync(writer);
        var received = await receiving.WaitAsync(Timeout);
        Assert.True(data.AsSpan().SequenceEqual(received), $"the bytes differ first at {data.AsSpan().CommonPrefixLength(received)}");
    }

    [Fact]
    public async Task Advancing_past_the_memory_handed_out_is_refused()
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        var length = writer.GetSpan(1).Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(length + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));

        Assert.Equal(0, writer.UnflushedBytes);
        writer.Advance(length);
        Assert.Equal(length, writer.UnflushedBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(1));
        Assert.Equal(length, writer.UnflushedBytes);
    }

    [Fact]
    public async Task Advancing_before_any_memory_was_handed_out_is_refused()
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(1));
        Assert.Equal(0, writer.UnflushedBytes);
    }

    [Fact]
    public async Task Flushing_nothing_completes_at_once_and_sends_nothing()
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);

        var flush = writer.FlushAsync();

        Assert.True(flush.IsCompletedSuccessfully);
        var result = await flush;
        Assert.False(result.IsCompleted);
        Assert.False(result.IsCanceled);
        Assert.False(pair.Peer.Poll(0, SelectMode.SelectRead));
    }

    [Fact]
    public async Task CompleteAsync_sends_what_is_buffered_then_ends_the_stream()
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        Write(writer, "goodbye"u8);

        await writer.CompleteAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal("goodbye"u8.ToArray(), await ReceiveExactlyAsync(pair.Peer, 7));
        Assert.Equal(0, await ReceiveAsync(pair.Peer));
        await writer.CompleteAsync().AsTask().WaitAsync(Timeout);
    }

    [Fact]
    public async Task Complete_drops_what_is_buffered_and_ends_the_stream()
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        Write(writer, "sent"u8);
        await FlushAsync(writer);
        Write(writer, "dropped"u8);

        writer.Complete();
        writer.Complete();

        Assert.Equal(0, writer.UnflushedBytes);
        Assert.Equal("sent"u8.ToArray(), await ReceiveExactlyAsync(pair.Peer, 4));
        Assert.Equal(0, await ReceiveAsync(pair.Peer));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_completed_writer_refuses_to_write_or_flush(bool completeAsync)
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        if (completeAsync)
        {
            await writer.CompleteAsync().AsTask().WaitAsync(Timeout);
        }
        else
        {
            writer.Complete();
        }

        Assert.Throws<ObjectDisposedException>(() => writer.GetSpan());
        Assert.Throws<ObjectDisposedException>(() => writer.GetMemory(10));
        Assert.Throws<ObjectDisposedException>(() => writer.Advance(0));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.FlushAsync().AsTask());
    }

    [Fact]
    public async Task Bodies_sent_with_the_buffered_header_arrive_after_it_whole_send_after_send()
    {
        // One reused gather send per writer: each body must follow its own header, the large one across many sends.
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        var bodies = new[] { RandomBytes(70_000, seed: 3), RandomBytes(2_000_000, seed: 4), RandomBytes(20_000, seed: 5) };
        var expected = bodies.SelectMany((body, i) => Encoding.ASCII.GetBytes($"header {i}").Concat(body)).ToArray();
        var receiving = ReceiveExactlyAsync(pair.Peer, expected.Length);

        for (var i = 0; i < bodies.Length; i++)
        {
            Write(writer, Encoding.ASCII.GetBytes($"header {i}"));
            Assert.True(await writer.FlushWithAsync(bodies[i], CancellationToken.None).AsTask().WaitAsync(Timeout));
            Assert.Equal(0, writer.UnflushedBytes);
        }

        var received = await receiving.WaitAsync(Timeout);
        Assert.True(expected.AsSpan().SequenceEqual(received), $"the bytes differ first at {expected.AsSpan().CommonPrefixLength(received)}");
    }

    [Fact]
    public async Task A_peer_reset_during_gathered_sends_surfaces_as_the_described_failure()
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        pair.Peer.LingerState = new LingerOption(true, 0);
        pair.Peer.Close();
        Assert.True(pair.Local.Poll(Timeout, SelectMode.SelectRead), "no reset arrived");

        IOException? error = null;
        for (var attempt = 0; attempt < 10 && error is null; attempt++)
        {
            Write(writer, "header"u8);
            error = await Record.ExceptionAsync(() => writer.FlushWithAsync(new byte[50_000], CancellationToken.None).AsTask().WaitAsync(Timeout)) switch
            {
                null => null,
                IOException io => io,
                var other => throw new Xunit.Sdk.XunitException($"the send failed with {other}"),
            };
        }

        Assert.NotNull(error);
        var socketError = Assert.IsType<SocketException>(error.InnerException);
        Assert.Equal($"tcp://remote: {socketError.SocketErrorCode}", error.Message);
    }

    [Fact]
    public async Task A_peer_reset_surfaces_as_the_described_failure()
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        Write(writer, "before"u8);
        await FlushAsync(writer);
        Assert.Equal("before"u8.ToArray(), await ReceiveExactlyAsync(pair.Peer, 6));

        pair.Peer.LingerState = new LingerOption(true, 0);
        pair.Peer.Close();
        // The reset makes the local end readable (with the error); this waits for it without consuming it.
        Assert.True(pair.Local.Poll(Timeout, SelectMode.SelectRead), "no reset arrived");

        // The first send after a reset can still be taken by the kernel: flush until the failure shows.
        IOException? error = null;
        for (var attempt = 0; attempt < 10 && error is null; attempt++)
        {
            Write(writer, "after"u8);
            error = await Record.ExceptionAsync(() => writer.FlushAsync().AsTask().WaitAsync(Timeout)) switch
            {
                null => null,
                IOException io => io,
                var other => throw new Xunit.Sdk.XunitException($"the flush failed with {other}"),
            };
        }

        Assert.NotNull(error);
        var socketError = Assert.IsType<SocketException>(error.InnerException);
        Assert.Equal($"tcp://remote: {socketError.SocketErrorCode}", error.Message);
        Assert.Contains(socketError.SocketErrorCode, new[] { SocketError.ConnectionReset, SocketError.Shutdown, SocketError.ConnectionAborted });
        Assert.Equal(0, writer.UnflushedBytes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Abort_then_disposing_the_socket_makes_the_flush_report_completion(bool somethingBuffered)
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        if (somethingBuffered)
        {
            Write(writer, "lost"u8);
        }

        writer.Abort();
        pair.Local.Dispose();

        var result = await FlushAsync(writer);
        Assert.True(result.IsCompleted);
        Assert.False(result.IsCanceled);
        Assert.Equal(0, writer.UnflushedBytes);
    }

    [Fact]
    public async Task CancelPendingFlush_makes_only_the_next_flush_return_canceled_without_sending()
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        Write(writer, "abc"u8);

        writer.CancelPendingFlush();
        var canceled = writer.FlushAsync();

        Assert.True(canceled.IsCompletedSuccessfully);
        var result = await canceled;
        Assert.True(result.IsCanceled);
        Assert.False(result.IsCompleted);
        Assert.False(pair.Peer.Poll(0, SelectMode.SelectRead));
        Assert.Equal(3, writer.UnflushedBytes);

        Write(writer, "def"u8);
        var next = await FlushAsync(writer);

        Assert.False(next.IsCanceled);
        Assert.False(next.IsCompleted);
        Assert.Equal("abcdef"u8.ToArray(), await ReceiveExactlyAsync(pair.Peer, 6));
        Assert.False(pair.Peer.Poll(0, SelectMode.SelectRead), "more than the six bytes arrived");
    }

    [Fact]
    public async Task A_flush_with_an_already_cancelled_token_loses_and_duplicates_no_bytes()
    {
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        Write(writer, "abc"u8);

        // Either outcome is allowed: a cancelled flush, or one that sends anyway.
        var failure = await Record.ExceptionAsync(() => writer.FlushAsync(cancellation.Token).AsTask().WaitAsync(Timeout));
        if (failure is not null)
        {
            Assert.IsAssignableFrom<OperationCanceledException>(failure);
        }

        // Whichever it was, the stream goes on with every byte exactly once.
        var outcome = failure is null ? "completed" : $"threw {failure.GetType().Name}";
        Write(writer, "def"u8);
        await FlushAsync(writer);
        await writer.CompleteAsync().AsTask().WaitAsync(Timeout);

        var received = Encoding.ASCII.GetString(await ReceiveToEndAsync(pair.Peer));
        Assert.True(received == "abcdef", $"the peer received \"{received}\" after a flush with a cancelled token that {outcome}");
    }

    [Fact]
    public async Task A_flush_cancelled_while_the_peer_is_not_reading_never_lets_the_stream_go_on_with_a_gap()
    {
        // Far more than loopback's send and receive buffers hold: the send waits for the peer.
        const int size = 32 * 1024 * 1024;
        using var pair = await TcpPair.OpenAsync();
        var writer = NewWriter(pair.Local);
        var data = RandomBytes(size, seed: 6);
        Write(writer, data);
        using var cancellation = new CancellationTokenSource();
        var flush = writer.FlushAsync(cancellation.Token).AsTask();
        Assert.False(flush.IsCompleted);

        await cancellation.CancelAsync();

        var failure = await Record.ExceptionAsync(() => flush.WaitAsync(Timeout));
        Assert.IsAssignableFrom<OperationCanceledException>(failure);

        // Part of the buffer may already be with the kernel. The writer may stop here (refuse or fail the next write
        // or flush, or report completion); if it goes on, the rest follows with the next flush, nothing twice.
        var receiving = ReceiveToEndAsync(pair.Peer);
        FlushResult? next = null;
        var refused = await Record.ExceptionAsync(async () =>
        {
            Write(writer, "tail"u8);
            next = await FlushAsync(writer);
        });
        var goesOn = refused is null && !next!.Value.IsCompleted;
        try
        {
            pair.Local.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The writer stopped the connection itself.
        }

        var received = await receiving.WaitAsync(Timeout);
        var expected = goesOn ? data.Concat("tail"u8.ToArray()).ToArray() : data;
        var intact = goesOn ? expected.AsSpan().SequenceEqual(received) : expected.AsSpan().StartsWith(received);
        Assert.True(
            intact,
            $"{received.Length} bytes received for {expected.Length} written; they differ first at {expected.AsSpan().CommonPrefixLength(received)} "
            + $"(the cancelled flush threw {failure.GetType().Name}; the next flush {(goesOn ? "went on" : $"stopped: {refused?.GetType().Name ?? "completed"}")})");
    }

    private static SocketWriter NewWriter(Socket socket) =>
        new(socket, "tcp://remote", (e, remote) => new IOException($"{remote}: {e.SocketErrorCode}", e));

    private static void Write(PipeWriter writer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }

    private static Task<FlushResult> FlushAsync(PipeWriter writer) => writer.FlushAsync().AsTask().WaitAsync(Timeout);

    private static Task<int> ReceiveAsync(Socket socket) =>
        socket.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None).AsTask().WaitAsync(Timeout);

    private static async Task<byte[]> ReceiveToEndAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(Timeout);
            if (n == 0)
            {
                return received.ToArray();
            }

            received.AddRange(buffer.AsSpan(0, n));
        }
    }
}
