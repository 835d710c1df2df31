using System.Buffers;
using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Wire;

public class ZmtpFrameDecoderTests
{
    private static readonly byte[] MixedStream = BuildMixedStream();

    [Fact]
    public void Decodes_a_stream_of_frames_fed_all_at_once()
    {
        var frames = Decode(new ZmtpFrameDecoder(), [MixedStream]);

        AssertMixedStream(frames);
    }

    [Fact]
    public void Feeding_one_byte_at_a_time_gives_the_same_frames_as_all_at_once()
    {
        var allAtOnce = Decode(new ZmtpFrameDecoder(), [MixedStream]);

        var byteByByte = Decode(new ZmtpFrameDecoder(), MixedStream.Select(b => new[] { b }));

        Assert.Equal(allAtOnce.Count, byteByByte.Count);
        for (var i = 0; i < allAtOnce.Count; i++)
        {
            Assert.Equal(allAtOnce[i].Header, byteByByte[i].Header);
            Assert.Equal(allAtOnce[i].Body, byteByByte[i].Body);
        }

        AssertMixedStream(byteByByte);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(100)]
    public void Any_chunking_gives_the_same_frames(int chunkSize)
    {
        var frames = Decode(new ZmtpFrameDecoder(), MixedStream.Chunk(chunkSize));

        AssertMixedStream(frames);
    }

    [Fact]
    public void Sequence_reader_overloads_give_the_same_frames_across_segments()
    {
        var decoder = new ZmtpFrameDecoder();
        var reader = new SequenceReader<byte>(SegmentedSequence.OneBytePerSegment(MixedStream));
        var frames = new List<(ZmtpFrameHeader Header, byte[] Body)>();

        while (decoder.TryReadHeader(ref reader))
        {
            var body = new byte[decoder.BodyLength];
            Assert.True(decoder.TryReadBody(ref reader, body));
            frames.Add((decoder.Header, body));
        }

        Assert.True(reader.End);
        AssertMixedStream(frames);
    }

    [Fact]
    public void Header_reading_never_consumes_body_bytes()
    {
        var decoder = new ZmtpFrameDecoder();
        byte[] frame = [0x00, 0x03, (byte)'a', (byte)'b', (byte)'c'];

        Assert.True(decoder.TryReadHeader(frame, out var consumed));

        Assert.Equal(2, consumed);
        Assert.True(decoder.IsReadingBody);
        Assert.Equal(3, decoder.BodyLength);
        Assert.Equal(3, decoder.BodyBytesRemaining);
    }

    [Fact]
    public void Body_reading_stops_at_the_end_of_the_frame()
    {
        var decoder = new ZmtpFrameDecoder();
        byte[] twoFrames = [0x01, 0x02, (byte)'h', (byte)'i', 0x00, 0x00];
        Assert.True(decoder.TryReadHeader(twoFrames, out var headerBytes));
        var body = new byte[2];

        Assert.True(decoder.TryReadBody(twoFrames.AsSpan(headerBytes), body, out var bodyBytes));

        Assert.Equal(2, bodyBytes);
        Assert.Equal("hi"u8.ToArray(), body);
        Assert.True(decoder.Header.More);
        Assert.False(decoder.IsReadingBody);
    }

    [Fact]
    public void Body_accumulates_across_calls_into_the_same_buffer()
    {
        var decoder = new ZmtpFrameDecoder();
        Assert.True(decoder.TryReadHeader([0x00, 0x05], out _));
        var body = new byte[5];

        Assert.False(decoder.TryReadBody("he"u8, body, out var first));
        Assert.Equal(3, decoder.BodyBytesRemaining);
        Assert.True(decoder.TryReadBody("llo!!"u8, body, out var second));

        Assert.Equal(2, first);
        Assert.Equal(3, second);
        Assert.Equal("hello"u8.ToArray(), body);
    }

    [Fact]
    public void Body_bytes_placed_by_the_caller_count_and_the_rest_follows_them()
    {
        // The engine receives the middle of a large body straight into the body buffer and tells the decoder so.
        var decoder = new ZmtpFrameDecoder();
        Assert.True(decoder.TryReadHeader([0x00, 0x05], out _));
        var body = new byte[5];
        Assert.False(decoder.TryReadBody("h"u8, body, out _));

        "ell"u8.CopyTo(body.AsSpan(1));
        decoder.AdvanceBody(3);

        Assert.Equal(1, decoder.BodyBytesRemaining);
        Assert.True(decoder.TryReadBody("o!"u8, body, out var consumed));
        Assert.Equal(1, consumed);
        Assert.Equal("hello"u8.ToArray(), body);
        Assert.False(decoder.IsReadingBody);
    }

    [Fact]
    public void A_body_completed_by_the_caller_completes_without_input()
    {
        var decoder = new ZmtpFrameDecoder();
        Assert.True(decoder.TryReadHeader([0x01, 0x03], out _));
        var body = new byte[3];

        decoder.AdvanceBody(3);

        Assert.True(decoder.TryReadBody(ReadOnlySpan<byte>.Empty, body, out var consumed));
        Assert.Equal(0, consumed);
        Assert.True(decoder.Header.More);
        Assert.True(decoder.TryReadHeader([0x00, 0x00], out _));
    }

    [Fact]
    public void Body_bytes_placed_by_the_caller_cannot_exceed_the_body_or_come_outside_one()
    {
        var decoder = new ZmtpFrameDecoder();
        Assert.Throws<InvalidOperationException>(() => decoder.AdvanceBody(1));
        Assert.True(decoder.TryReadHeader([0x00, 0x02], out _));

        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.AdvanceBody(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.AdvanceBody(-1));
        Assert.Equal(2, decoder.BodyBytesRemaining);
    }

    [Fact]
    public void An_empty_body_completes_without_input()
    {
        var decoder = new ZmtpFrameDecoder();
        Assert.True(decoder.TryReadHeader([0x04, 0x00], out _));

        Assert.True(decoder.TryReadBody(ReadOnlySpan<byte>.Empty, Span<byte>.Empty, out var consumed));

        Assert.Equal(0, consumed);
        Assert.True(decoder.Header.IsCommand);
    }

    [Fact]
    public void Decodes_a_10_megabyte_frame_into_a_pooled_buffer()
    {
        const int size = 10 * 1024 * 1024;
        var payload = new byte[size];
        new Random(37).NextBytes(payload);
        var stream = new byte[ZmtpFrameHeader.LongLength + size];
        ZmtpFrameHeader.Write(stream, size, more: false, command: false);
        payload.CopyTo(stream, ZmtpFrameHeader.LongLength);

        var frames = Decode(new ZmtpFrameDecoder(size), stream.Chunk(65536));

        var frame = Assert.Single(frames);
        Assert.True(frame.Header.IsLong);
        Assert.Equal(size, frame.Header.Size);
        Assert.Equal(payload, frame.Body);
    }

    [Fact]
    public void Max_message_size_rejects_a_long_frame_from_its_header_alone()
    {
        var decoder = new ZmtpFrameDecoder(maxMessageSize: 1000);
        byte[] headerOnly = [0x02, 0, 0, 0, 0, 0, 0, 0x03, 0xE9];

        var error = Assert.Throws<ZmtpProtocolException>(() => decoder.TryReadHeader(headerOnly, out _));

        Assert.Equal(ZmtpError.MessageTooLarge, error.Error);
        Assert.Contains("frame of 1001 bytes exceeds the maximum message size of 1000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_message_size_rejects_a_short_frame_from_its_header_alone()
    {
        var decoder = new ZmtpFrameDecoder(maxMessageSize: 10);

        var error = Assert.Throws<ZmtpProtocolException>(() => decoder.TryReadHeader([0x01, 11], out _));

        Assert.Equal(ZmtpError.MessageTooLarge, error.Error);
        Assert.Contains("11 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_message_size_applies_to_commands_too()
    {
        var decoder = new ZmtpFrameDecoder(maxMessageSize: 10);

        var error = Assert.Throws<ZmtpProtocolException>(() => decoder.TryReadHeader([0x04, 11], out _));

        Assert.Equal(ZmtpError.MessageTooLarge, error.Error);
    }

    [Fact]
    public void Max_message_size_is_per_frame_as_in_libzmq()
    {
        // Two 8-byte frames of one message total 16 bytes; libzmq checks each frame alone.
        var decoder = new ZmtpFrameDecoder(maxMessageSize: 8);
        byte[] stream = [0x01, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0x00, 8, 1, 2, 3, 4, 5, 6, 7, 8];

        var frames = Decode(decoder, [stream]);

        Assert.Equal(2, frames.Count);
    }

    [Fact]
    public void Max_message_size_zero_still_allows_empty_frames()
    {
        var frames = Decode(new ZmtpFrameDecoder(maxMessageSize: 0), [[0x00, 0x00]]);

        Assert.Equal(0, Assert.Single(frames).Header.Size);
    }

    [Fact]
    public void Unlimited_size_still_rejects_frames_larger_than_an_array()
    {
        var decoder = new ZmtpFrameDecoder(ZmtpFrameHeader.NoSizeLimit);
        byte[] header = [0x02, 0, 0, 0, 0, 0x80, 0, 0, 0];

        var error = Assert.Throws<ZmtpProtocolException>(() => decoder.TryReadHeader(header, out _));

        Assert.Equal(ZmtpError.MessageTooLarge, error.Error);
        Assert.Contains("2147483648 bytes exceeds the largest frame this runtime can hold", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x08)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public void Reserved_flag_bits_are_a_protocol_error(byte flags)
    {
        var decoder = new ZmtpFrameDecoder();

        var error = Assert.Throws<ZmtpProtocolException>(() => decoder.TryReadHeader([flags], out _));

        Assert.Equal(ZmtpError.ReservedFlagsSet, error.Error);
        Assert.Contains($"flags byte is 0x{flags:X2}; reserved bits 7-3 must be zero", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x05)]
    [InlineData(0x07)]
    public void A_command_with_the_more_flag_is_a_protocol_error(byte flags)
    {
        var decoder = new ZmtpFrameDecoder();

        var error = Assert.Throws<ZmtpProtocolException>(() => decoder.TryReadHeader([flags], out _));

        Assert.Equal(ZmtpError.CommandWithMoreFlag, error.Error);
        Assert.Contains("command frame cannot have the MORE flag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_size_with_the_high_bit_set_is_a_protocol_error_even_without_a_limit()
    {
        var decoder = new ZmtpFrameDecoder(ZmtpFrameHeader.NoSizeLimit);
        byte[] header = [0x02, 0x80, 0, 0, 0, 0, 0, 0, 0];

        var error = Assert.Throws<ZmtpProtocolException>(() => decoder.TryReadHeader(header, out _));

        Assert.Equal(ZmtpError.FrameSizeOverflow, error.Error);
        Assert.Contains("9223372036854775808", error.Message, StringComparison.Ordinal);
        Assert.Contains("2^63-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fault_found_one_byte_at_a_time_is_the_same_fault()
    {
        var decoder = new ZmtpFrameDecoder(maxMessageSize: 1000);
        byte[] header = [0x02, 0, 0, 0, 0, 0, 0, 0x03, 0xE9];

        for (var i = 0; i < header.Length - 1; i++)
        {
            Assert.False(decoder.TryReadHeader(header.AsSpan(i, 1), out var consumed));
            Assert.Equal(1, consumed);
        }

        var error = Assert.Throws<ZmtpProtocolException>(() => decoder.TryReadHeader(header.AsSpan(^1), out _));
        Assert.Equal(ZmtpError.MessageTooLarge, error.Error);
    }

    [Fact]
    public void After_a_fault_the_decoder_refuses_further_input()
    {
        var decoder = new ZmtpFrameDecoder();
        Assert.Throws<ZmtpProtocolException>(() => decoder.TryReadHeader([0x40], out _));

        Assert.Throws<InvalidOperationException>(() => decoder.TryReadHeader([0x00, 0x00], out _));
    }

    [Fact]
    public void Reading_out_of_turn_is_a_programming_error()
    {
        var decoder = new ZmtpFrameDecoder();

        Assert.Throws<InvalidOperationException>(() => decoder.TryReadBody([1], new byte[1], out _));
        Assert.True(decoder.TryReadHeader([0x00, 0x01], out _));
        Assert.Throws<InvalidOperationException>(() => decoder.TryReadHeader([0x00], out _));
    }

    [Fact]
    public void A_body_buffer_smaller_than_the_bytes_already_read_is_refused()
    {
        var decoder = new ZmtpFrameDecoder();
        Assert.True(decoder.TryReadHeader([0x00, 0x04], out _));
        Assert.False(decoder.TryReadBody([1, 2, 3], new byte[4], out _));

        Assert.Throws<ArgumentException>(() => decoder.TryReadBody([4], new byte[2], out _));
    }

    [Fact]
    public void A_body_buffer_smaller_than_the_frame_is_filled_and_a_larger_one_with_its_bytes_takes_the_rest()
    {
        // A header is only a claim: the caller grows the body's memory as the body arrives.
        var decoder = new ZmtpFrameDecoder();
        Assert.True(decoder.TryReadHeader([0x00, 0x06], out _));
        var small = new byte[4];

        Assert.False(decoder.TryReadBody([1, 2, 3, 4, 5], small, out var first));
        Assert.Equal(4, first);
        Assert.Equal(4, decoder.BodyBytesRead);
        Assert.False(decoder.TryReadBody([5], small, out var none));
        Assert.Equal(0, none);

        var large = new byte[6];
        small.CopyTo(large, 0);
        Assert.True(decoder.TryReadBody([5, 6, 0x00], large, out var rest));
        Assert.Equal(2, rest);
        Assert.Equal([1, 2, 3, 4, 5, 6], large);
    }

    [Fact]
    public void Reading_from_a_sequence_stops_where_the_body_buffer_is_full()
    {
        var decoder = new ZmtpFrameDecoder();
        Assert.True(decoder.TryReadHeader([0x00, 0x05], out _));
        var reader = new SequenceReader<byte>(SegmentedSequence.Create([1], [2, 3], [4, 5]));
        var body = new byte[5];

        Assert.False(decoder.TryReadBody(ref reader, body.AsSpan(0, 2)));
        Assert.Equal(2, reader.Consumed);
        Assert.True(decoder.TryReadBody(ref reader, body));
        Assert.True(reader.End);
        Assert.Equal([1, 2, 3, 4, 5], body);
    }

    /// <summary>Drives the decoder the way a connection engine does, renting each body from the shared pool.</summary>
    private static List<(ZmtpFrameHeader Header, byte[] Body)> Decode(ZmtpFrameDecoder decoder, IEnumerable<byte[]> chunks)
    {
        var frames = new List<(ZmtpFrameHeader, byte[])>();
        byte[]? body = null;
        foreach (var chunk in chunks)
        {
            ReadOnlySpan<byte> input = chunk;
            while (true)
            {
                if (!decoder.IsReadingBody)
                {
                    if (input.IsEmpty || !decoder.TryReadHeader(input, out var headerBytes))
                    {
                        break;
                    }

                    input = input[headerBytes..];
                    body = ArrayPool<byte>.Shared.Rent(decoder.BodyLength);
                }

                var complete = decoder.TryReadBody(input, body, out var bodyBytes);
                input = input[bodyBytes..];
                if (!complete)
                {
                    break;
                }

                frames.Add((decoder.Header, body![..decoder.BodyLength]));
                ArrayPool<byte>.Shared.Return(body!);
            }
        }

        Assert.False(decoder.IsReadingBody);
        return frames;
    }

    private static byte[] BuildMixedStream()
    {
        var stream = new List<byte>();
        var buffer = new byte[ZmtpFrameHeader.LongLength];
        void Frame(int size, bool more, bool command, byte fill)
        {
            var written = ZmtpFrameHeader.Write(buffer, size, more, command);
            stream.AddRange(buffer[..written]);
            stream.AddRange(Enumerable.Repeat(fill, size));
        }

        Frame(0, more: false, command: false, fill: 0);
        Frame(255, more: true, command: false, fill: 1);
        Frame(256, more: true, command: false, fill: 2);
        Frame(1000, more: false, command: false, fill: 3);
        Frame(10, more: false, command: true, fill: 4);
        return [.. stream];
    }

    private static void AssertMixedStream(IReadOnlyList<(ZmtpFrameHeader Header, byte[] Body)> frames)
    {
        Assert.Collection(
            frames,
            f => AssertFrame(f, 0, more: false, command: false, isLong: false, fill: 0),
            f => AssertFrame(f, 255, more: true, command: false, isLong: false, fill: 1),
            f => AssertFrame(f, 256, more: true, command: false, isLong: true, fill: 2),
            f => AssertFrame(f, 1000, more: false, command: false, isLong: true, fill: 3),
            f => AssertFrame(f, 10, more: false, command: true, isLong: false, fill: 4));
    }

    private static void AssertFrame((ZmtpFrameHeader Header, byte[] Body) frame, int size, bool more, bool command, bool isLong, byte fill)
    {
        Assert.Equal(size, frame.Header.Size);
        Assert.Equal(more, frame.Header.More);
        Assert.Equal(command, frame.Header.IsCommand);
        Assert.Equal(isLong, frame.Header.IsLong);
        Assert.Equal(Enumerable.Repeat(fill, size), frame.Body);
    }
}
