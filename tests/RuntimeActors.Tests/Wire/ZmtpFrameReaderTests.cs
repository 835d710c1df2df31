using System.Buffers;
using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Wire;

public class ZmtpFrameReaderTests
{
    private static readonly byte[] TwoFrames = [0x01, 0x03, (byte)'a', (byte)'b', (byte)'c', 0x00, 0x01, (byte)'z'];

    [Fact]
    public void Reads_whole_frames_and_slices_their_bodies()
    {
        var buffer = new ReadOnlySequence<byte>(TwoFrames);

        Assert.True(ZmtpFrameReader.TryReadFrame(ref buffer, ZmtpFrameHeader.NoSizeLimit, out var first, out var firstBody));
        Assert.True(ZmtpFrameReader.TryReadFrame(ref buffer, ZmtpFrameHeader.NoSizeLimit, out var second, out var secondBody));

        Assert.True(first.More);
        Assert.Equal("abc"u8.ToArray(), firstBody.ToArray());
        Assert.False(second.More);
        Assert.Equal("z"u8.ToArray(), secondBody.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Every_segmentation_gives_the_same_frames()
    {
        var buffer = SegmentedSequence.OneBytePerSegment(TwoFrames);

        Assert.True(ZmtpFrameReader.TryReadFrame(ref buffer, ZmtpFrameHeader.NoSizeLimit, out _, out var firstBody));
        Assert.True(ZmtpFrameReader.TryReadFrame(ref buffer, ZmtpFrameHeader.NoSizeLimit, out _, out var secondBody));

        Assert.Equal("abc"u8.ToArray(), firstBody.ToArray());
        Assert.Equal("z"u8.ToArray(), secondBody.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void An_incomplete_frame_consumes_nothing(int available)
    {
        var original = new ReadOnlySequence<byte>(TwoFrames, 0, available);
        var buffer = original;

        Assert.False(ZmtpFrameReader.TryReadFrame(ref buffer, ZmtpFrameHeader.NoSizeLimit, out _, out _));

        Assert.Equal(original.Start, buffer.Start);
        Assert.Equal(original.Length, buffer.Length);
    }

    [Fact]
    public void Max_message_size_rejects_a_frame_whose_body_has_not_arrived()
    {
        var buffer = new ReadOnlySequence<byte>([0x02, 0, 0, 0, 0, 0, 0x10, 0, 0]);

        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpFrameReader.TryReadFrame(ref buffer, 65536, out _, out _));

        Assert.Equal(ZmtpError.MessageTooLarge, error.Error);
        Assert.Contains("1048576 bytes exceeds the maximum message size of 65536 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_flags_are_rejected_from_the_first_byte()
    {
        var buffer = new ReadOnlySequence<byte>([0x20]);

        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpFrameReader.TryReadFrame(ref buffer, ZmtpFrameHeader.NoSizeLimit, out _, out _));

        Assert.Equal(ZmtpError.ReservedFlagsSet, error.Error);
    }
}
