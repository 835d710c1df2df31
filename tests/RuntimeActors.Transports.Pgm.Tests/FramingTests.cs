using RuntimeActors.Transports.Pgm.Framing;

namespace RuntimeActors.Transports.Pgm.Tests;

public sealed class FramingTests
{
    [Fact]
    public void Small_multipart_message_is_one_apdu_at_offset_zero()
    {
        var apdus = ApduEncoder.Encode(ZMessage.FromStrings("A", "hello"), 1448);
        var apdu = Assert.Single(apdus);

        // The same bytes libzmq sent for [b"A", b"hello"] (see WireTests' captured ODATA).
        Assert.Equal("0000020141060068656c6c6f", Convert.ToHexStringLower(apdu));
    }

    [Fact]
    public void Large_frame_uses_the_long_size_and_continuations_carry_ffff()
    {
        var body = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var apdus = ApduEncoder.Encode(ZMessage.FromFrames(body), 100);
        Assert.Equal("0000ff000000000000012d00", Convert.ToHexStringLower(apdus[0].AsSpan(0, 12)));
        Assert.All(apdus.Skip(1), a => Assert.Equal(0xff, a[0]));
        Assert.All(apdus.Skip(1), a => Assert.Equal(0xff, a[1]));
        Assert.All(apdus, a => Assert.True(a.Length <= 100));
        Assert.Equal(2 + 10 + 300 + (2 * (apdus.Count - 1)), apdus.Sum(a => a.Length));

        var reader = new ApduReader(-1);
        var messages = new List<ZMessage>();
        foreach (var apdu in apdus)
        {
            reader.Read(apdu, messages);
        }

        Assert.Equal(body, Assert.Single(messages)[0].ToArray());
    }

    [Fact]
    public void Reader_waits_for_a_message_start_and_resyncs_after_loss()
    {
        var first = ApduEncoder.Encode(ZMessage.FromFrames(new byte[250], new byte[250]), 200);
        var second = ApduEncoder.Encode(ZMessage.FromStrings("next"), 200);
        var reader = new ApduReader(-1);
        var messages = new List<ZMessage>();

        // Joining in the middle of a message: its continuations are skipped.
        reader.Read(first[1], messages);
        Assert.False(reader.IsJoined);
        reader.Read(first[2], messages);
        Assert.Empty(messages);

        // Losing the middle of a message drops it whole and resumes at the next message start.
        reader.Read(first[0], messages);
        Assert.True(reader.IsJoined);
        reader.Lose();
        reader.Read(first[2], messages);
        reader.Read(second[0], messages);
        Assert.Equal("next", Assert.Single(messages).GetString(0));
    }

    [Fact]
    public void Offset_skips_the_tail_of_a_previous_message()
    {
        // An APDU as libzmq packs it: the last 3 bytes of an earlier message's body, then a new message at offset 3.
        var apdu = Convert.FromHexString("0003" + "414243" + "0200" + "5a");
        var reader = new ApduReader(-1);
        var messages = new List<ZMessage>();
        reader.Read(apdu, messages);
        Assert.Equal("Z", Assert.Single(messages).GetString(0));
    }

    [Fact]
    public void Zero_size_is_a_protocol_error_and_oversize_drops_the_state()
    {
        var reader = new ApduReader(4);
        var messages = new List<ZMessage>();
        reader.Read(Convert.FromHexString("0000" + "00"), messages);
        Assert.False(reader.IsJoined);
        Assert.Equal(1, reader.ProtocolErrors);

        reader.Read(Convert.FromHexString("0000" + "0600" + "0102030405"), messages);
        Assert.False(reader.IsJoined);
        Assert.Equal(2, reader.ProtocolErrors);
        Assert.Empty(messages);
    }

    [Fact]
    public void Empty_frames_decode()
    {
        var apdus = ApduEncoder.Encode(ZMessage.FromFrames([], []), 1448);
        var messages = new List<ZMessage>();
        new ApduReader(-1).Read(Assert.Single(apdus), messages);
        Assert.Equal(2, Assert.Single(messages).Count);
    }
}
