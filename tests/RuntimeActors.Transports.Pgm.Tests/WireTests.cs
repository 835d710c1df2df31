using RuntimeActors.Transports.Pgm.Wire;

namespace RuntimeActors.Transports.Pgm.Tests;

public sealed class WireTests
{
    // Captured on 127.0.0.1 from libzmq 4.3.4 + OpenPGM 5.3.128 (Debian, pyzmq): a PUB on
    // epgm://127.0.0.1;239.192.1.1:45125 sending [b"A", b"hello"], read by a UDP socket bound to 239.192.1.1:45125.
    private const string CapturedOdata = "1672b045040092e3b7c6d1bc038a000c00000000000000000000020141060068656c6c6f";
    private const string CapturedFirstSpm = "1672b04500002d38b7c6d1bc038a00000000000000000000ffffffff000100007f000001";
    private const string CapturedSpm = "1672b04500002d32b7c6d1bc038a0000000000050000000000000001000100007f000001";

    [Fact]
    public void Captured_odata_parses_and_checks()
    {
        var bytes = Convert.FromHexString(CapturedOdata);
        Assert.Equal(0x92e3, PgmChecksum.Compute(bytes));
        Assert.True(PgmPacket.TryParse(bytes, out var packet));
        Assert.Equal(PgmPacketType.Odata, packet.Type);
        Assert.Equal(0x1672, packet.SourcePort);
        Assert.Equal(45125, packet.DestinationPort);
        Assert.Equal(0xb7c6d1bc038aUL, packet.Gsi);
        Assert.Equal(0u, packet.Sqn);
        Assert.Equal(0u, packet.Trail);
        Assert.Equal("0000020141060068656c6c6f", Convert.ToHexStringLower(packet.Payload.Span));
    }

    [Fact]
    public void Captured_odata_reencodes_identically()
    {
        var bytes = Convert.FromHexString(CapturedOdata);
        Assert.True(PgmPacket.TryParse(bytes, out var p));
        var buffer = new byte[bytes.Length];
        var length = PgmWriter.WriteData(buffer, PgmPacketType.Odata, p.SourcePort, p.DestinationPort, p.Gsi, p.Sqn, p.Trail, p.Payload.Span);
        Assert.Equal(CapturedOdata, Convert.ToHexStringLower(buffer.AsSpan(0, length)));
    }

    [Theory]
    [InlineData(CapturedFirstSpm, 0u, 0u, 0xffffffffu)]
    [InlineData(CapturedSpm, 5u, 0u, 1u)]
    public void Captured_spms_parse_and_reencode(string hex, uint sqn, uint trail, uint lead)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.True(PgmPacket.TryParse(bytes, out var p));
        Assert.Equal(PgmPacketType.Spm, p.Type);
        Assert.Equal(sqn, p.Sqn);
        Assert.Equal(trail, p.Trail);
        Assert.Equal(lead, p.Lead);
        Assert.Equal(0x7f000001u, p.Nla);
        var buffer = new byte[PgmWriter.SpmLength];
        PgmWriter.WriteSpm(buffer, p.SourcePort, p.DestinationPort, p.Gsi, p.Sqn, p.Trail, p.Lead, p.Nla);
        Assert.Equal(hex, Convert.ToHexStringLower(buffer));
    }

    [Fact]
    public void Corrupted_packet_is_rejected()
    {
        var bytes = Convert.FromHexString(CapturedOdata);
        bytes[^1] ^= 0x01;
        Assert.False(PgmPacket.TryParse(bytes, out _));
    }

    [Fact]
    public void Data_without_checksum_is_rejected()
    {
        var bytes = Convert.FromHexString(CapturedOdata);
        bytes[6] = 0;
        bytes[7] = 0;
        Assert.False(PgmPacket.TryParse(bytes, out _));
    }

    [Fact]
    public void Checksum_that_folds_to_ffff_is_stored_as_ffff()
    {
        // Header with every word zero except the checksum field: the sum is 0, the complement 0xffff.
        var packet = new byte[16];
        Assert.Equal(0xffff, PgmChecksum.Compute(packet));

        // Words summing to 0xffff: stored as 0xffff, not 0 (which would mean "no checksum").
        packet[0] = 0xff;
        packet[1] = 0xff;
        Assert.Equal(0xffff, PgmChecksum.Compute(packet));
    }

    [Fact]
    public void Nak_with_list_encodes_byte_exact_and_parses()
    {
        var buffer = new byte[PgmWriter.MaxNakLength];
        var length = PgmWriter.WriteNak(buffer, PgmPacketType.Nak, 7500, 0x1234, 0x010203040506, [10u, 11u, 13u], 0x7f000001, 0xefc00101);
        const string expected =
            "1d4c1234" + "0801" + "0000" + "010203040506" + "0000" + // header, checksum zeroed below
            "0000000a" + "00010000" + "7f000001" + "00010000" + "efc00101" + // nak_sqn, src NLA, grp NLA
            "00040010" + "820c0000" + "0000000b" + "0000000d"; // OPT_LENGTH, OPT_NAK_LIST|END
        var written = buffer.AsSpan(0, length).ToArray();
        var checksum = PgmChecksum.Compute(written);
        written[6] = 0;
        written[7] = 0;
        Assert.Equal(expected, Convert.ToHexStringLower(written));
        Assert.NotEqual(0, checksum);

        Assert.True(PgmPacket.TryParse(buffer.AsMemory(0, length), out var p));
        Assert.Equal(PgmPacketType.Nak, p.Type);
        Assert.Equal(3, p.NakCount);
        Assert.Equal([10u, 11u, 13u], Enumerable.Range(0, 3).Select(p.NakSqn).ToArray());
        Assert.Equal(0x7f000001u, p.Nla);
        Assert.Equal(0xefc00101u, p.GroupNla);
    }

    [Fact]
    public void Ncf_for_one_sqn_has_no_options()
    {
        var buffer = new byte[PgmWriter.MaxNakLength];
        var length = PgmWriter.WriteNak(buffer, PgmPacketType.Ncf, 1, 2, 3, [42u], 4, 5);
        Assert.Equal(36, length);
        Assert.True(PgmPacket.TryParse(buffer.AsMemory(0, length), out var p));
        Assert.Equal(PgmPacketType.Ncf, p.Type);
        Assert.Equal(1, p.NakCount);
        Assert.Equal(42u, p.Sqn);
    }

    [Fact]
    public void Odata_with_fragment_option_parses()
    {
        // ODATA with OPT_PRESENT, OPT_LENGTH (total 20) and OPT_FRAGMENT|END (first 7, offset 3, apdu 5), TSDU "de".
        var hex = "00010002" + "0401" + "0000" + "000000000001" + "0002" + "00000008" + "00000007"
            + "00040014" + "81100000" + "00000007" + "00000003" + "00000005" + "6465";
        var bytes = Convert.FromHexString(hex);
        PgmChecksum.Write(bytes);
        Assert.True(PgmPacket.TryParse(bytes, out var p));
        Assert.Equal(new PgmFragment(7, 3, 5), p.Fragment);
        Assert.Equal("de"u8.ToArray(), p.Payload.ToArray());
    }

    [Fact]
    public void Spmr_round_trips()
    {
        var buffer = new byte[16];
        PgmWriter.WriteSpmr(buffer, 5555, 0xabcd, 0x0a0b0c0d0e0f);
        Assert.True(PgmPacket.TryParse(buffer, out var p));
        Assert.Equal(PgmPacketType.Spmr, p.Type);
        Assert.Equal(0xabcd, p.DestinationPort);
        Assert.Equal(0x0a0b0c0d0e0fUL, p.Gsi);
    }
}
