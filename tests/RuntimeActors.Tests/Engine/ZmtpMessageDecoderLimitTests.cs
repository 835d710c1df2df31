using System.Buffers;
using RuntimeActors.Engine;
using RuntimeActors.Tests.Wire;
using RuntimeActors.TestKit;
using RuntimeActors.Wire;
using static RuntimeActors.Tests.Engine.EngineTestKit;

namespace RuntimeActors.Tests.Engine;

/// <summary>
/// A frame header is only the peer's claim: the decoder must not commit memory for body bytes that have not arrived,
/// and before the handshake is over it must refuse what no handshake sends. Byte-exact inputs, no engine.
/// </summary>
public class ZmtpMessageDecoderLimitTests
{
    private const int Step = ZmtpMessageDecoder.BodyStep;

    /// <summary>The 9-byte long header of a 1 GiB data frame, as the 200 connections sent it.</summary>
    private static readonly byte[] GiBHeader = [0x02, 0, 0, 0, 0, 0x40, 0, 0, 0];

    [Fact]
    public void A_1_GiB_header_with_a_few_body_bytes_gets_no_more_than_the_step()
    {
        // Regression: the body was sized to the header, so each such connection committed 1 GiB.
        var decoder = Running();
        var inbound = new List<ZmtpInbound>();
        byte[] input = [.. GiBHeader, .. Pattern(16)];

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(decoder.Decode(new ReadOnlySequence<byte>(input), inbound, 256, new Events(), out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Empty(inbound);
        Assert.Equal(1L << 30, decoder.BodyLength);
        Assert.Equal(Step, decoder.BodyCapacityNow);
        Assert.True(allocated < 2 * Step, $"decoding the header allocated {allocated} bytes");
        decoder.ReleaseBuffers();
    }

    [Fact]
    public void A_frame_up_to_the_step_gets_its_whole_buffer_at_its_header()
    {
        // A 64 KB message (bench/run.sh's largest row) must stay one allocation with no copy.
        var decoder = Running();
        Assert.True(decoder.Decode(new ReadOnlySequence<byte>(ZmtpTestFrames.Frame(Pattern(65536))[..9]), [], 256, new Events(), out _));

        Assert.Equal(65536, decoder.BodyCapacityNow);
        decoder.ReleaseBuffers();
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(65536)]
    [InlineData(200_000)]
    public void A_large_frame_that_arrives_in_pieces_is_reassembled_exactly_and_its_memory_follows_what_arrived(int piece)
    {
        var decoder = Running();
        var body = Pattern(1_000_000, 3);
        var stream = (byte[])[.. ZmtpTestFrames.Frame(body), .. ZmtpTestFrames.Frame(Bytes("next"))];
        var inbound = new List<ZmtpInbound>();
        var fed = 0;
        foreach (var chunk in stream.Chunk(piece))
        {
            Assert.True(decoder.Decode(new ReadOnlySequence<byte>(chunk), inbound, 256, new Events(), out _));
            fed += chunk.Length;
            if (inbound.Count == 0)
            {
                AssertWithinBound(arrived: fed - 9, decoder);
            }
        }

        Assert.Equal(2, inbound.Count);
        AssertSameBytes(body, inbound[0].Message!);
        Assert.Equal("next", inbound[1].Message!.GetString(0));
        decoder.ReleaseBuffers();
    }

    [Fact]
    public void A_body_that_grows_inside_one_multi_segment_read_is_exact()
    {
        var decoder = Running();
        var body = Pattern(700_000, 5);
        var frame = ZmtpTestFrames.Frame(body);
        var inbound = new List<ZmtpInbound>();

        // First a read with the header and 150,000 body bytes, then one of several segments with the rest, so the body
        // fills its memory in the middle of a read and grows there.
        Assert.True(decoder.Decode(new ReadOnlySequence<byte>(frame[..150_009]), inbound, 256, new Events(), out _));
        AssertWithinBound(arrived: 150_000, decoder);
        var rest = frame[150_009..];
        Assert.True(decoder.Decode(SegmentedSequence.Create(rest[..1000], rest[1000..300_000], rest[300_000..]), inbound, 256, new Events(), out _));

        AssertSameBytes(body, Assert.Single(inbound).Message!);
        decoder.ReleaseBuffers();
    }

    [Fact]
    public void A_body_received_directly_grows_when_full_and_stays_within_the_bound()
    {
        // The engine's direct path: the decoder lends memory, the transport fills some, the decoder counts it.
        var decoder = Running();
        var body = Pattern(1_500_000, 7);
        var frame = ZmtpTestFrames.Frame(body);
        var inbound = new List<ZmtpInbound>();
        Assert.True(decoder.Decode(new ReadOnlySequence<byte>(frame[..9]), inbound, 256, new Events(), out _));

        var received = 0;
        var complete = false;
        while (!complete)
        {
            Assert.True(decoder.WantsBodyDirectly(1));
            var space = decoder.ReserveBody();
            Assert.False(space.IsEmpty);
            AssertWithinBound(received, decoder);
            var n = Math.Min(space.Length, 50_000);
            body.AsSpan(received, n).CopyTo(space.Span);
            received += n;
            complete = decoder.AdvanceBody(n);
        }

        Assert.True(decoder.Decode(ReadOnlySequence<byte>.Empty, inbound, 256, new Events(), out _));
        AssertSameBytes(body, Assert.Single(inbound).Message!);
        decoder.ReleaseBuffers();
    }

    [Fact]
    public void A_large_subscription_command_that_arrives_in_pieces_keeps_its_topic_exactly()
    {
        var decoder = new ZmtpMessageDecoder(-1, acceptsSubscriptions: true) { Handshaking = false };
        var topic = Pattern(300_000, 9);
        var command = ZmtpTestFrames.Command("SUBSCRIBE", topic);
        var inbound = new List<ZmtpInbound>();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(decoder.Decode(new ReadOnlySequence<byte>(command[..20]), inbound, 256, new Events(), out _));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 2 * Step, "a command's memory was sized to its header");

        foreach (var chunk in command[20..].Chunk(70_000))
        {
            Assert.True(decoder.Decode(new ReadOnlySequence<byte>(chunk), inbound, 256, new Events(), out _));
        }

        var subscription = Assert.Single(inbound);
        Assert.Null(subscription.Message);
        Assert.True(subscription.Subscribe);
        Assert.True(topic.AsSpan().SequenceEqual(subscription.Topic.Span));
    }

    [Fact]
    public void A_data_frame_during_the_handshake_is_refused_at_its_header()
    {
        var decoder = new ZmtpMessageDecoder(-1, acceptsSubscriptions: false);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(GiBHeader));

        var before = GC.GetAllocatedBytesForCurrentThread();
        ZmtpProtocolException? failure = null;
        try
        {
            decoder.TryDecodeFrame(ref reader);
        }
        catch (ZmtpProtocolException e)
        {
            failure = e;
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
        Assert.NotNull(failure);
        Assert.Equal(ZmtpError.UnexpectedCommand, failure.Error);
        Assert.Contains("1073741824-byte message frame", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_larger_than_a_handshake_command_is_refused_at_its_header_during_the_handshake()
    {
        var decoder = new ZmtpMessageDecoder(-1, acceptsSubscriptions: false);
        byte[] header = [0x06, 0, 0, 0, 0, 0, 1, 0, 1]; // a command of 65,537 bytes, no body
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(header));

        ZmtpProtocolException? failure = null;
        try
        {
            decoder.TryDecodeFrame(ref reader);
        }
        catch (ZmtpProtocolException e)
        {
            failure = e;
        }

        Assert.NotNull(failure);
        Assert.Equal(ZmtpError.MessageTooLarge, failure.Error);
        Assert.Contains("65537-byte command", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"at most {ZmtpMessageDecoder.MaxHandshakeCommandLength} bytes", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_at_the_handshake_limit_is_decoded_during_the_handshake()
    {
        var decoder = new ZmtpMessageDecoder(-1, acceptsSubscriptions: false);
        var command = ZmtpTestFrames.Command("X-BIG", Pattern(ZmtpMessageDecoder.MaxHandshakeCommandLength - 6));
        Assert.Equal(9 + ZmtpMessageDecoder.MaxHandshakeCommandLength, command.Length);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(command));

        Assert.True(decoder.TryDecodeFrame(ref reader));
        Assert.Equal(ZmtpMessageDecoder.MaxHandshakeCommandLength, decoder.CommandBody.Length);
    }

    [Fact]
    public void After_the_handshake_data_frames_and_large_commands_are_decoded()
    {
        var decoder = Running();
        var inbound = new List<ZmtpInbound>();
        byte[] input = [.. ZmtpTestFrames.Command("X-BIG", Pattern(100_000)), .. ZmtpTestFrames.Frame(Bytes("data"))];

        Assert.True(decoder.Decode(new ReadOnlySequence<byte>(input), inbound, 256, new Events(), out _));

        Assert.Equal("data", Assert.Single(inbound).Message!.GetString(0));
    }

    [Theory]
    [InlineData(100, 0, 0, 100)]
    [InlineData(Step, 0, 0, Step)]
    [InlineData(1 << 30, 0, 16, Step)]
    [InlineData(1 << 30, 0, 500_000, 500_000)]
    [InlineData(1 << 30, Step, 0, 2 * Step)]
    [InlineData(1 << 30, 10 * Step, 10, 20 * Step)]
    [InlineData(1 << 30, 100, 0, 100 + Step)]
    [InlineData(300_000, 200_000, 0, 300_000)]
    [InlineData(int.MaxValue, int.MaxValue - 10, 0, int.MaxValue)]
    public void Body_memory_is_what_arrived_plus_the_step_or_twice_what_was_read_up_to_the_length(int length, int read, long inHand, int expected) =>
        Assert.Equal(expected, ZmtpMessageDecoder.BodyCapacity(length, read, inHand));

    /// <summary>
    /// The bound the decoder keeps: a body's memory is at most the larger of the step and twice the bytes of it that
    /// arrived (the formula's target, rounded up to the pools' power of two).
    /// </summary>
    private static void AssertWithinBound(int arrived, ZmtpMessageDecoder decoder) =>
        Assert.True(
            decoder.BodyCapacityNow <= Math.Max(Step, 2L * arrived),
            $"{arrived} body bytes arrived and the body has {decoder.BodyCapacityNow} bytes of memory");

    private static ZmtpMessageDecoder Running() => new(-1, acceptsSubscriptions: false) { Handshaking = false };

    // Assert.Equal compares byte by byte through its generic comparer, which is slow over a megabyte.
    private static void AssertSameBytes(byte[] expected, ZMessage message)
    {
        var actual = Assert.Single(message).Span;
        Assert.Equal(expected.Length, actual.Length);
        var same = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(same == expected.Length, $"the body differs from what was sent at byte {same}");
    }

    private sealed class Events : IZmtpDecoderEvents
    {
        public void OnFrame()
        {
        }

        public void OnPing(ushort ttlDeciseconds, ReadOnlySpan<byte> context)
        {
        }
    }
}
