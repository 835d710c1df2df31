using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using RuntimeActors.Transports;
using static RuntimeActors.Tests.Transports.TcpPair;

namespace RuntimeActors.Tests.Transports;

public sealed class SocketReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Bytes_arrive_in_order_across_many_reads(bool zeroByteReceiveWaits)
    {
        using var pair = await ConnectedPair.OpenAsync(zeroByteReceiveWaits);
        var data = RandomBytes(1_000_000, seed: 1);
        var sending = Task.Run(async () =>
        {
            var random = new Random(2);
            for (var offset = 0; offset < data.Length;)
            {
                var chunk = Math.Min(data.Length - offset, random.Next(1, 50_000));
                await SendAllAsync(pair.Peer, data.AsMemory(offset, chunk));
                offset += chunk;
            }

            pair.Peer.Shutdown(SocketShutdown.Send);
        });

        var received = new byte[data.Length];
        var filled = 0;
        var reads = 0;
        var consumption = new Random(3);
        while (filled < data.Length)
        {
            var result = await ReadAsync(pair.Reader);
            reads++;
            Assert.False(result.IsCanceled);
            var buffer = result.Buffer;
            Assert.True(buffer.Length <= data.Length - filled, $"{buffer.Length} bytes buffered with {data.Length - filled} still to come");
            if (result.IsCompleted)
            {
                Assert.Fail($"the stream ended after {filled + buffer.Length} of {data.Length} bytes");
            }

            // Sometimes only a prefix: the rest must come back at once, before anything new.
            var take = consumption.Next(3) == 0 ? (int)Math.Min(buffer.Length, consumption.Next(1, 1000)) : (int)buffer.Length;
            buffer.Slice(0, take).CopyTo(received.AsSpan(filled));
            filled += take;
            pair.Reader.AdvanceTo(buffer.GetPosition(take));
        }

        await sending.WaitAsync(Timeout);
        Assert.True(reads > 1, $"{reads} read");
        Assert.True(data.AsSpan().SequenceEqual(received), $"the bytes differ first at {data.AsSpan().CommonPrefixLength(received)}");

        // Nothing more than what was sent: the next read is the end of the stream.
        var end = await ReadAsync(pair.Reader);
        Assert.True(end.IsCompleted);
        Assert.Equal(0, end.Buffer.Length);
    }

    [Fact]
    public async Task Examining_everything_makes_the_next_read_wait_for_new_bytes_after_the_unconsumed_ones()
    {
        using var pair = await ConnectedPair.OpenAsync();
        await SendAllAsync(pair.Peer, "abcdef"u8.ToArray());
        var first = await ReadAtLeastAsync(pair.Reader, 6);
        Assert.Equal("abcdef", Text(first.Buffer));

        pair.Reader.AdvanceTo(first.Buffer.GetPosition(2), first.Buffer.End);

        Assert.False(pair.Reader.TryRead(out _));
        var next = pair.Reader.ReadAsync().AsTask();
        Assert.False(next.IsCompleted);

        await SendAllAsync(pair.Peer, "gh"u8.ToArray());

        var result = await next.WaitAsync(Timeout);
        Assert.False(result.IsCompleted);
        Assert.False(result.IsCanceled);
        Assert.Equal("cdefgh", Text(result.Buffer));
    }

    [Fact]
    public async Task A_reader_holds_no_buffer_once_everything_is_consumed_nor_while_it_waits_for_data()
    {
        // Regression: idle ROUTER connections kept 64 KiB each (bench/run.sh's scale row).
        using var pair = await ConnectedPair.OpenAsync();
        await SendAllAsync(pair.Peer, "abc"u8.ToArray());
        var first = await ReadAtLeastAsync(pair.Reader, 3);
        Assert.True(pair.Reader.HoldsBuffer);

        pair.Reader.AdvanceTo(first.Buffer.End);
        Assert.False(pair.Reader.HoldsBuffer);

        var waiting = pair.Reader.ReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.False(pair.Reader.HoldsBuffer);

        await SendAllAsync(pair.Peer, "def"u8.ToArray());
        var next = await waiting.WaitAsync(Timeout);
        Assert.Equal("def", Text(next.Buffer));
    }

    [Fact]
    public async Task Consuming_part_of_the_buffer_returns_the_rest_at_once()
    {
        using var pair = await ConnectedPair.OpenAsync();
        await SendAllAsync(pair.Peer, "abcdef"u8.ToArray());
        var first = await ReadAtLeastAsync(pair.Reader, 6);

        pair.Reader.AdvanceTo(first.Buffer.GetPosition(2));

        Assert.True(pair.Reader.TryRead(out var rest));
        Assert.Equal("cdef", Text(rest.Buffer));
        Assert.False(rest.IsCompleted);
        Assert.False(rest.IsCanceled);

        pair.Reader.AdvanceTo(rest.Buffer.GetPosition(1));
        var again = pair.Reader.ReadAsync();
        Assert.True(again.IsCompleted);
        var last = await again;
        Assert.Equal("def", Text(last.Buffer));

        // All consumed: the next read waits for the peer.
        pair.Reader.AdvanceTo(last.Buffer.End);
        Assert.False(pair.Reader.TryRead(out _));
        await AssertTheNextReadWaitsFor(pair, "z");
    }

    [Fact]
    public async Task A_message_larger_than_the_buffer_grows_it_until_whole()
    {
        const int size = 200_000;
        using var pair = await ConnectedPair.OpenAsync();
        var data = RandomBytes(size, seed: 4);
        var sending = Task.Run(() => SendAllAsync(pair.Peer, data));

        var reads = 0;
        ReadResult result;
        while (true)
        {
            result = await ReadAsync(pair.Reader);
            reads++;
            Assert.False(result.IsCompleted, $"the stream ended with {result.Buffer.Length} bytes");
            Assert.True(result.Buffer.Length <= size);
            if (result.Buffer.Length == size)
            {
                break;
            }

            pair.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        await sending.WaitAsync(Timeout);
        Assert.True(reads > 1, $"{reads} read");
        Assert.True(result.Buffer.IsSingleSegment);
        var received = result.Buffer.ToArray();
        Assert.True(data.AsSpan().SequenceEqual(received), $"the bytes differ first at {data.AsSpan().CommonPrefixLength(received)}");
    }

    [Fact]
    public async Task Unconsumed_bytes_at_the_end_of_a_full_buffer_come_back_before_the_next_ones()
    {
        // 64 KiB fills the reader's first buffer exactly; consuming most of it leaves a tail to move to the front.
        const int first = 64 * 1024;
        const int consumed = 65_000;
        using var pair = await ConnectedPair.OpenAsync();
        var data = RandomBytes(first + 5_000, seed: 5);
        await SendAllAsync(pair.Peer, data.AsMemory(0, first));
        var full = await ReadAtLeastAsync(pair.Reader, first);
        Assert.Equal(first, full.Buffer.Length);

        pair.Reader.AdvanceTo(full.Buffer.GetPosition(consumed), full.Buffer.End);
        await SendAllAsync(pair.Peer, data.AsMemory(first));

        var result = await ReadAtLeastAsync(pair.Reader, data.Length - consumed);
        Assert.Equal(data.Length - consumed, result.Buffer.Length);
        Assert.True(data.AsSpan(consumed).SequenceEqual(result.Buffer.ToArray()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_peer_shutting_down_its_send_side_completes_the_read_after_the_data(bool consumeAsItComes)
    {
        using var pair = await ConnectedPair.OpenAsync();
        await SendAllAsync(pair.Peer, "last words"u8.ToArray());
        pair.Peer.Shutdown(SocketShutdown.Send);

        var collected = new List<byte>();
        ReadResult result;
        while (true)
        {
            result = await ReadAsync(pair.Reader);
            if (result.IsCompleted)
            {
                break;
            }

            if (consumeAsItComes)
            {
                collected.AddRange(result.Buffer.ToArray());
                pair.Reader.AdvanceTo(result.Buffer.End);
            }
            else
            {
                pair.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }

        collected.AddRange(result.Buffer.ToArray());
        Assert.Equal("last words", Encoding.ASCII.GetString(collected.ToArray()));
        Assert.Equal(consumeAsItComes ? 0 : 10, result.Buffer.Length);
        Assert.False(result.IsCanceled);

        // The end is sticky: the next read reports it at once.
        pair.Reader.AdvanceTo(result.Buffer.End);
        Assert.True(pair.Reader.TryRead(out var again));
        Assert.True(again.IsCompleted);
        Assert.Equal(0, again.Buffer.Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_peer_resetting_the_connection_surfaces_as_the_described_failure(bool readPendingFirst)
    {
        using var pair = await ConnectedPair.OpenAsync();
        var pending = readPendingFirst ? pair.Reader.ReadAsync().AsTask() : null;
        if (pending is not null)
        {
            Assert.False(pending.IsCompleted);
        }

        pair.Peer.LingerState = new LingerOption(true, 0);
        pair.Peer.Close();

        var error = await Assert.ThrowsAsync<IOException>(() => (pending ?? pair.Reader.ReadAsync().AsTask()).WaitAsync(Timeout));
        Assert.Equal("tcp://remote: ConnectionReset", error.Message);
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Abort_then_disposing_the_socket_completes_a_pending_read(bool zeroByteReceiveWaits)
    {
        using var pair = await ConnectedPair.OpenAsync(zeroByteReceiveWaits);
        var pending = pair.Reader.ReadAsync().AsTask();
        Assert.False(pending.IsCompleted);

        pair.Reader.Abort();
        pair.Local.Dispose();

        var result = await pending.WaitAsync(Timeout);
        Assert.True(result.IsCompleted);
        Assert.False(result.IsCanceled);
        Assert.Equal(0, result.Buffer.Length);
        Assert.True(pair.Reader.TryRead(out var again));
        Assert.True(again.IsCompleted);
    }

    [Fact]
    public async Task Abort_then_disposing_the_socket_keeps_the_unconsumed_bytes_in_the_completed_read()
    {
        using var pair = await ConnectedPair.OpenAsync();
        await SendAllAsync(pair.Peer, "partial"u8.ToArray());
        var first = await ReadAtLeastAsync(pair.Reader, 7);
        pair.Reader.AdvanceTo(first.Buffer.GetPosition(2), first.Buffer.End);
        var pending = pair.Reader.ReadAsync().AsTask();
        Assert.False(pending.IsCompleted);

        pair.Reader.Abort();
        pair.Local.Dispose();

        var result = await pending.WaitAsync(Timeout);
        Assert.True(result.IsCompleted);
        Assert.Equal("rtial", Text(result.Buffer));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_read_with_a_cancelled_token_throws_and_the_reader_still_works(bool zeroByteReceiveWaits)
    {
        using var pair = await ConnectedPair.OpenAsync(zeroByteReceiveWaits);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pair.Reader.ReadAsync(cancellation.Token).AsTask().WaitAsync(Timeout));

        await SendAllAsync(pair.Peer, "after"u8.ToArray());
        Assert.Equal("after", Text((await ReadAtLeastAsync(pair.Reader, 5)).Buffer));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_pending_read_is_cancelled_by_its_token_without_losing_bytes(bool zeroByteReceiveWaits)
    {
        using var pair = await ConnectedPair.OpenAsync(zeroByteReceiveWaits);
        await SendAllAsync(pair.Peer, "ab"u8.ToArray());
        var first = await ReadAtLeastAsync(pair.Reader, 2);
        pair.Reader.AdvanceTo(first.Buffer.GetPosition(1), first.Buffer.End);
        using var cancellation = new CancellationTokenSource();
        var pending = pair.Reader.ReadAsync(cancellation.Token).AsTask();
        Assert.False(pending.IsCompleted);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Timeout));
        await SendAllAsync(pair.Peer, "cd"u8.ToArray());
        Assert.Equal("bcd", Text((await ReadAtLeastAsync(pair.Reader, 3)).Buffer));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CancelPendingRead_makes_the_next_read_return_canceled(bool zeroByteReceiveWaits)
    {
        using var pair = await ConnectedPair.OpenAsync(zeroByteReceiveWaits);

        pair.Reader.CancelPendingRead();

        var canceled = pair.Reader.ReadAsync();
        Assert.True(canceled.IsCompleted);
        var result = await canceled;
        Assert.True(result.IsCanceled);
        Assert.False(result.IsCompleted);
        Assert.Equal(0, result.Buffer.Length);
        pair.Reader.AdvanceTo(result.Buffer.Start);

        // Only the next read: the one after waits for data as usual.
        await AssertTheNextReadWaitsFor(pair, "x");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CancelPendingRead_completes_a_read_waiting_in_the_socket_as_canceled(bool zeroByteReceiveWaits)
    {
        using var pair = await ConnectedPair.OpenAsync(zeroByteReceiveWaits);
        var pending = pair.Reader.ReadAsync().AsTask();
        Assert.False(pending.IsCompleted);

        pair.Reader.CancelPendingRead();

        var canceled = await pending.WaitAsync(Timeout);
        Assert.True(canceled.IsCanceled);
        Assert.False(canceled.IsCompleted);
        Assert.Equal(0, canceled.Buffer.Length);
        pair.Reader.AdvanceTo(canceled.Buffer.Start);

        // The cancellation is used up: the next read waits for the peer's data and gets it.
        await AssertTheNextReadWaitsFor(pair, "data");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_read_waiting_in_the_socket_is_cancelled_by_its_token_and_the_reader_goes_on_byte_exact(bool zeroByteReceiveWaits)
    {
        using var pair = await ConnectedPair.OpenAsync(zeroByteReceiveWaits);
        using var cancellation = new CancellationTokenSource();
        var pending = pair.Reader.ReadAsync(cancellation.Token).AsTask();
        Assert.False(pending.IsCompleted);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Timeout));

        // A later read neither starts cancelled nor reports a canceled result; it gets every byte once.
        var data = RandomBytes(100_000, seed: 6);
        var sending = Task.Run(() => SendAllAsync(pair.Peer, data));
        var received = await ReadExactlyAsync(pair.Reader, data.Length);
        await sending.WaitAsync(Timeout);
        Assert.True(data.AsSpan().SequenceEqual(received), $"the bytes differ first at {data.AsSpan().CommonPrefixLength(received)}");
    }

    [Fact]
    public async Task CancelPendingRead_returns_the_buffered_bytes_with_the_canceled_result()
    {
        using var pair = await ConnectedPair.OpenAsync();
        await SendAllAsync(pair.Peer, "abc"u8.ToArray());
        var first = await ReadAtLeastAsync(pair.Reader, 3);
        pair.Reader.AdvanceTo(first.Buffer.GetPosition(1));

        pair.Reader.CancelPendingRead();

        Assert.True(pair.Reader.TryRead(out var canceled));
        Assert.True(canceled.IsCanceled);
        Assert.Equal("bc", Text(canceled.Buffer));
        pair.Reader.AdvanceTo(canceled.Buffer.Start);
        Assert.True(pair.Reader.TryRead(out var again));
        Assert.False(again.IsCanceled);
        Assert.Equal("bc", Text(again.Buffer));
    }

    [Fact]
    public async Task Positions_from_an_older_buffer_behind_the_consumed_ones_are_refused()
    {
        using var pair = await ConnectedPair.OpenAsync();
        await SendAllAsync(pair.Peer, "abcdef"u8.ToArray());
        var old = await ReadAtLeastAsync(pair.Reader, 6);
        pair.Reader.AdvanceTo(old.Buffer.GetPosition(4));
        Assert.True(pair.Reader.TryRead(out var current));
        Assert.Equal("ef", Text(current.Buffer));

        Assert.Throws<ArgumentOutOfRangeException>(() => pair.Reader.AdvanceTo(old.Buffer.GetPosition(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => pair.Reader.AdvanceTo(old.Buffer.Start));
        Assert.Throws<ArgumentOutOfRangeException>(() => pair.Reader.AdvanceTo(current.Buffer.Start, old.Buffer.GetPosition(3)));

        // The refused calls changed nothing.
        Assert.True(pair.Reader.TryRead(out var unchanged));
        Assert.Equal("ef", Text(unchanged.Buffer));
        pair.Reader.AdvanceTo(unchanged.Buffer.GetPosition(1));
        Assert.True(pair.Reader.TryRead(out var last));
        Assert.Equal("f", Text(last.Buffer));
    }

    [Fact]
    public async Task Positions_from_a_buffer_already_consumed_are_refused_in_the_next_one()
    {
        using var pair = await ConnectedPair.OpenAsync();
        await SendAllAsync(pair.Peer, "abcdef"u8.ToArray());
        var old = await ReadAtLeastAsync(pair.Reader, 6);
        pair.Reader.AdvanceTo(old.Buffer.End);
        await SendAllAsync(pair.Peer, "gh"u8.ToArray());
        var current = await ReadAtLeastAsync(pair.Reader, 2);
        Assert.Equal("gh", Text(current.Buffer));

        Assert.Throws<ArgumentOutOfRangeException>(() => pair.Reader.AdvanceTo(old.Buffer.End));
        Assert.Throws<ArgumentOutOfRangeException>(() => pair.Reader.AdvanceTo(old.Buffer.GetPosition(5)));

        Assert.True(pair.Reader.TryRead(out var unchanged));
        Assert.Equal("gh", Text(unchanged.Buffer));
    }

    [Fact]
    public async Task A_consumed_position_after_the_examined_one_is_refused()
    {
        using var pair = await ConnectedPair.OpenAsync();
        await SendAllAsync(pair.Peer, "abc"u8.ToArray());
        var result = await ReadAtLeastAsync(pair.Reader, 3);

        Assert.Throws<InvalidOperationException>(() => pair.Reader.AdvanceTo(result.Buffer.End, result.Buffer.GetPosition(1)));
    }

    [Fact]
    public async Task A_completed_reader_refuses_reads()
    {
        using var pair = await ConnectedPair.OpenAsync();
        await SendAllAsync(pair.Peer, "abc"u8.ToArray());
        await ReadAtLeastAsync(pair.Reader, 3);

        pair.Reader.Complete();
        pair.Reader.Complete();

        Assert.Throws<ObjectDisposedException>(() => pair.Reader.TryRead(out _));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pair.Reader.ReadAsync().AsTask());
    }

    private static Task<ReadResult> ReadAsync(PipeReader reader) => reader.ReadAsync().AsTask().WaitAsync(Timeout);

    /// <summary>The next read does not complete until the peer sends <paramref name="text"/>, and then returns it, neither canceled nor completed.</summary>
    private static async Task AssertTheNextReadWaitsFor(ConnectedPair pair, string text)
    {
        var next = pair.Reader.ReadAsync().AsTask();
        Assert.False(next.IsCompleted);
        await SendAllAsync(pair.Peer, Encoding.ASCII.GetBytes(text));
        var result = await next.WaitAsync(Timeout);
        Assert.False(result.IsCanceled);
        Assert.False(result.IsCompleted);
        Assert.Equal(text, Text(result.Buffer));
    }

    /// <summary>Reads, examining without consuming, until at least <paramref name="count"/> bytes are buffered; leaves the last read unadvanced.</summary>
    private static async Task<ReadResult> ReadAtLeastAsync(PipeReader reader, int count)
    {
        while (true)
        {
            var result = await ReadAsync(reader);
            if (result.Buffer.Length >= count)
            {
                return result;
            }

            Assert.False(result.IsCompleted, $"the stream ended with {result.Buffer.Length} of {count} bytes");
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static string Text(ReadOnlySequence<byte> buffer) => Encoding.ASCII.GetString(buffer.ToArray());

    /// <summary>A connected pair of tcp sockets on 127.0.0.1, with a <see cref="SocketReader"/> on the local end.</summary>
    private sealed class ConnectedPair : IDisposable
    {
        private readonly TcpPair _sockets;

        private ConnectedPair(TcpPair sockets, bool zeroByteReceiveWaits)
        {
            _sockets = sockets;
            Reader = new SocketReader(sockets.Local, "tcp://remote", Describe, zeroByteReceiveWaits);
        }

        public Socket Local => _sockets.Local;

        public Socket Peer => _sockets.Peer;

        public SocketReader Reader { get; }

        public static async Task<ConnectedPair> OpenAsync(bool zeroByteReceiveWaits = true) =>
            new(await TcpPair.OpenAsync(), zeroByteReceiveWaits);

        public void Dispose()
        {
            Reader.Abort();
            _sockets.Dispose();
            // The reader is not completed: a receive a failed test left pending may still write into its buffer,
            // which must not go back to the shared pool.
        }
    }
}
