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
            Assert.True(reader.Read(apdu, messages, out _));
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
        Assert.True(reader.Read(first[1], messages, out _));
        Assert.False(reader.IsJoined);
        Assert.True(reader.Read(first[2], messages, out _));
        Assert.Empty(messages);

        // Losing the middle of a message drops it whole and resumes at the next message start.
        Assert.True(reader.Read(first[0], messages, out _));
        Assert.True(reader.IsJoined);
        reader.Lose();
        Assert.True(reader.Read(first[2], messages, out _));
        Assert.True(reader.Read(second[0], messages, out _));
        Assert.Equal("next", Assert.Single(messages).GetString(0));
    }

    [Fact]
    public void Offset_skips_the_tail_of_a_previous_message()
    {
        // An APDU as libzmq packs it: the last 3 bytes of an earlier message's body, then a new message at offset 3.
        var apdu = Convert.FromHexString("0003" + "414243" + "0200" + "5a");
        var reader = new ApduReader(-1);
        var messages = new List<ZMessage>();
        Assert.True(reader.Read(apdu, messages, out _));
        Assert.Equal("Z", Assert.Single(messages).GetString(0));
    }

    [Fact]
    public void Zero_size_is_a_protocol_error_and_oversize_drops_the_state()
    {
        var reader = new ApduReader(4);
        var messages = new List<ZMessage>();
        Assert.False(reader.Read(Convert.FromHexString("0000" + "00"), messages, out var zero));
        Assert.Contains("size 0", zero, StringComparison.Ordinal);
        Assert.False(reader.IsJoined);
        Assert.Equal(1, reader.ProtocolErrors);

        Assert.False(reader.Read(Convert.FromHexString("0000" + "0600" + "0102030405"), messages, out var oversize));
        Assert.Contains("exceeds the maximum message size 4", oversize, StringComparison.Ordinal);
        Assert.False(reader.IsJoined);
        Assert.Equal(2, reader.ProtocolErrors);
        Assert.Empty(messages);
    }

    [Fact]
    public void Empty_frames_decode()
    {
        var apdus = ApduEncoder.Encode(ZMessage.FromFrames([], []), 1448);
        var messages = new List<ZMessage>();
        Assert.True(new ApduReader(-1).Read(Assert.Single(apdus), messages, out _));
        Assert.Equal(2, Assert.Single(messages).Count);
    }

    [Fact]
    public void Small_messages_share_an_apdu_whose_offset_names_the_first_message_that_starts_in_it()
    {
        // As libzmq's pgm_sender: APDUs of 16 bytes (14 of stream), messages of 2 + 5 bytes, the second one split.
        var encoder = new ApduEncoder(16, () => new byte[16]);
        var apdus = new List<Apdu>();
        encoder.Append(ZMessage.FromStrings("aaaaa"), apdus);
        encoder.Append(ZMessage.FromStrings("bbbbb"), apdus);
        encoder.Append(ZMessage.FromStrings("ccccc"), apdus);
        Assert.Single(apdus);
        Assert.Equal("0000" + "0600" + "6161616161" + "0600" + "6262626262", Convert.ToHexString(apdus[0].Span).ToLowerInvariant());
        encoder.Flush(apdus);
        Assert.Equal(2, apdus.Count);
        Assert.Equal("0000" + "0600" + "6363636363", Convert.ToHexString(apdus[1].Span).ToLowerInvariant());

        // A multipart message's second frame does not start a message: the APDU that begins with it names the next
        // message's start ("y" at 3), not its own first byte.
        var multipart = new ApduEncoder(16, () => new byte[16]);
        var parts = new List<Apdu>();
        multipart.Append(ZMessage.FromStrings("0123456789ab", "z"), parts);
        multipart.Append(ZMessage.FromStrings("y"), parts);
        multipart.Flush(parts);
        Assert.Equal("0000" + "0d01" + "303132333435363738396162", Convert.ToHexString(parts[0].Span).ToLowerInvariant());
        Assert.Equal("0003" + "0200" + "7a" + "0200" + "79", Convert.ToHexString(parts[1].Span).ToLowerInvariant());
    }

    [Fact]
    public void Packed_apdus_decode_to_the_same_messages_from_any_join_point()
    {
        var encoder = new ApduEncoder(40, () => new byte[40]);
        var apdus = new List<Apdu>();
        for (var i = 0; i < 30; i++)
        {
            encoder.Append(ZMessage.FromStrings($"m{i}", new string('p', i)), apdus);
        }

        encoder.Flush(apdus);
        for (var join = 0; join < apdus.Count; join++)
        {
            var reader = new ApduReader(-1);
            var messages = new List<ZMessage>();
            foreach (var apdu in apdus.Skip(join))
            {
                Assert.True(reader.Read(apdu.Span, messages, out _));
            }

            // Whole messages only, consecutive, up to the last; from the start, all of them. (A join in the last APDU,
            // where only a tail runs, finds no message start: nothing.)
            var indices = messages.Select(m => int.Parse(m.GetString(0)[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (join == 0)
            {
                Assert.Equal(Enumerable.Range(0, 30), indices);
            }

            if (indices.Count == 0)
            {
                Assert.Equal(apdus.Count - 1, join);
                continue;
            }

            Assert.Equal(29, indices[^1]);
            Assert.Equal(Enumerable.Range(indices[0], indices.Count), indices);
            Assert.All(messages, m => Assert.Equal(new string('p', int.Parse(m.GetString(0)[1..], System.Globalization.CultureInfo.InvariantCulture)), m.GetString(1)));
        }
    }
}
