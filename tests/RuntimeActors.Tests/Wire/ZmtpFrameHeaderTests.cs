using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Wire;

public class ZmtpFrameHeaderTests
{
    private const long TenMegabytes = 10 * 1024 * 1024;

    public static TheoryData<long, bool, bool, byte[]> EncodedHeaders => new()
    {
        { 0, false, false, [0x00, 0x00] },
        { 1, true, false, [0x01, 0x01] },
        { 255, false, false, [0x00, 0xFF] },
        { 255, true, false, [0x01, 0xFF] },
        { 41, false, true, [0x04, 0x29] },
        { 256, false, false, [0x02, 0, 0, 0, 0, 0, 0, 0x01, 0x00] },
        { 256, true, false, [0x03, 0, 0, 0, 0, 0, 0, 0x01, 0x00] },
        { 256, false, true, [0x06, 0, 0, 0, 0, 0, 0, 0x01, 0x00] },
        { TenMegabytes, false, false, [0x02, 0, 0, 0, 0, 0, 0xA0, 0x00, 0x00] },
    };

    [Fact]
    public void Write_encodes_the_largest_size_the_protocol_allows()
    {
        var buffer = new byte[ZmtpFrameHeader.LongLength];

        var written = ZmtpFrameHeader.Write(buffer, long.MaxValue, more: false, command: false);

        Assert.Equal(9, written);
        Assert.Equal([0x02, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], buffer);
    }

    [Theory]
    [MemberData(nameof(EncodedHeaders))]
    public void Write_produces_the_exact_bytes(long size, bool more, bool command, byte[] expected)
    {
        var buffer = new byte[ZmtpFrameHeader.LongLength];

        var written = ZmtpFrameHeader.Write(buffer, size, more, command);

        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, buffer[..written]);
        Assert.Equal(expected.Length, ZmtpFrameHeader.GetLength(size));
    }

    [Theory]
    [MemberData(nameof(EncodedHeaders))]
    public void TryParse_reads_back_what_Write_produced(long size, bool more, bool command, byte[] encoded)
    {
        var parsed = ZmtpFrameHeader.TryParse(encoded, ZmtpFrameHeader.NoSizeLimit, out var header);

        Assert.True(parsed);
        Assert.Equal(size, header.Size);
        Assert.Equal(more, header.More);
        Assert.Equal(command, header.IsCommand);
        Assert.Equal(encoded.Length, header.Length);
        Assert.Equal(size > 255, header.IsLong);
    }

    [Fact]
    public void TryParse_accepts_a_long_header_for_a_small_size()
    {
        // RFC 37 only says SHOULD use the short form, so a long form for 5 bytes is legal.
        byte[] encoded = [0x02, 0, 0, 0, 0, 0, 0, 0, 5];

        Assert.True(ZmtpFrameHeader.TryParse(encoded, ZmtpFrameHeader.NoSizeLimit, out var header));

        Assert.Equal(5, header.Size);
        Assert.Equal(9, header.Length);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x02, 0, 0, 0, 0, 0, 0, 1 })]
    public void TryParse_returns_false_until_the_header_is_complete(byte[] partial)
    {
        Assert.False(ZmtpFrameHeader.TryParse(partial, ZmtpFrameHeader.NoSizeLimit, out _));
    }

    [Fact]
    public void TryParse_rejects_reserved_flags_from_the_first_byte_alone()
    {
        byte[] flagsOnly = [0x10];

        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpFrameHeader.TryParse(flagsOnly, ZmtpFrameHeader.NoSizeLimit, out _));

        Assert.Equal(ZmtpError.ReservedFlagsSet, error.Error);
        Assert.Contains("flags byte is 0x10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_refuses_a_command_with_the_more_flag()
    {
        var buffer = new byte[ZmtpFrameHeader.LongLength];

        Assert.Throws<ArgumentException>(() => ZmtpFrameHeader.Write(buffer, 3, more: true, command: true));
    }

    [Fact]
    public void Write_refuses_a_negative_size()
    {
        var buffer = new byte[ZmtpFrameHeader.LongLength];

        Assert.Throws<ArgumentOutOfRangeException>(() => ZmtpFrameHeader.Write(buffer, -1, more: false, command: false));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(256, 8)]
    public void Write_refuses_a_destination_too_small_for_the_header(long size, int destinationLength)
    {
        var buffer = new byte[destinationLength];

        Assert.Throws<ArgumentException>(() => ZmtpFrameHeader.Write(buffer, size, more: false, command: false));
    }
}
