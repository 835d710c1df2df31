using System.Buffers;
using CsCheck;
using RuntimeActors.Engine;
using RuntimeActors.Fuzz;
using RuntimeActors.Wire;

namespace RuntimeActors.Properties.Tests;

/// <summary>What the runtime's encoders write, its decoders read back unchanged; and claims of huge frames cost nothing.</summary>
public sealed class RoundTripProperties
{
    [Fact]
    public void A_frame_header_and_body_decode_to_what_was_encoded()
    {
        Gen.Select(Gen.Byte.Array[0, 700], Gen.Bool, Gen.Bool).Sample((body, more, command) =>
        {
            more &= !command;
            var frame = new byte[ZmtpFrameHeader.GetLength(body.Length) + body.Length];
            var written = ZmtpFrameHeader.Write(frame, body.Length, more, command);
            body.CopyTo(frame, written);

            var decoder = new ZmtpFrameDecoder();
            Assert.True(decoder.TryReadHeader(frame, out var used));
            Assert.Equal(written, used);
            Assert.Equal((more, command, body.Length), (decoder.Header.More, decoder.Header.IsCommand, decoder.BodyLength));
            var decoded = new byte[decoder.BodyLength];
            Assert.True(decoder.TryReadBody(frame.AsSpan(used), decoded, out var read));
            Assert.Equal(body.Length, read);
            Assert.Equal(body, decoded);
        }, iter: 20_000);
    }

    [Fact]
    public void Messages_and_subscriptions_come_out_of_the_decoder_as_they_were_encoded()
    {
        Gen.Byte.Array[0, 600].Array[1, 5].Array[1, 4].Sample(messages =>
        {
            var stream = messages.SelectMany(frames => frames.SelectMany((f, i) => Encoded.DataFrame(f, more: i < frames.Length - 1))).ToArray();
            var decoder = new ZmtpMessageDecoder(-1, acceptsSubscriptions: false) { Handshaking = false };
            var inbound = new List<ZmtpInbound>();
            Assert.True(decoder.Decode(new ReadOnlySequence<byte>(stream), inbound, int.MaxValue, new NoEvents(), out _));
            decoder.EnsureClosedAtMessageBoundary();
            Assert.Equal(messages.Length, inbound.Count);
            for (var m = 0; m < messages.Length; m++)
            {
                var message = inbound[m].Message!;
                Assert.Equal(messages[m].Length, message.Count);
                for (var f = 0; f < message.Count; f++)
                {
                    Assert.Equal(messages[m][f], message[f].ToArray());
                }
            }

            decoder.ReleaseBuffers();
        }, iter: 5_000);

        Gen.Select(Gen.Bool, Gen.Byte.Array[0, 300], Gen.Bool).Sample((subscribe, topic, legacy) =>
        {
            var frame = legacy
                ? Encoded.DataFrame([(byte)(subscribe ? 1 : 0), .. topic], more: false)
                : Encoded.Command(subscribe ? ZmtpCommandNames.Subscribe : ZmtpCommandNames.Cancel, topic);
            var decoder = new ZmtpMessageDecoder(-1, acceptsSubscriptions: true) { Handshaking = false };
            var inbound = new List<ZmtpInbound>();
            decoder.Decode(new ReadOnlySequence<byte>(frame), inbound, 8, new NoEvents(), out _);
            var item = Assert.Single(inbound);
            Assert.Equal(subscribe, item.Subscribe);
            Assert.Equal(topic, item.Topic.ToArray());
            decoder.ReleaseBuffers();
        }, iter: 10_000);
    }

    [Fact]
    public void Commands_ping_error_and_metadata_parse_back_to_what_was_written()
    {
        Gen.Select(Gen.Byte.Array[1, 255], Gen.Byte.Array[0, 300]).Sample((name, data) =>
        {
            var frame = Encoded.Command(name, data);
            var command = ZmtpCommand.Parse(frame.AsSpan(HeaderLength(frame)));
            Assert.Equal(name, command.Name.ToArray());
            Assert.Equal(data, command.Data.ToArray());
        }, iter: 10_000);

        Gen.Select(Gen.UShort, Gen.Byte.Array[0, ZmtpPingCommand.MaxContextLength]).Sample((ttl, context) =>
        {
            var frame = new byte[ZmtpPingCommand.GetFrameLength(context.Length)];
            ZmtpPingCommand.Write(frame, ttl, context);
            var command = ZmtpCommand.Parse(frame.AsSpan(2));
            Assert.Equal(ZmtpCommandKind.Ping, command.Kind);
            ZmtpPingCommand.Parse(command.Data, out var parsedTtl, out var parsedContext);
            Assert.Equal(ttl, parsedTtl);
            Assert.Equal(context, parsedContext.ToArray());
        }, iter: 10_000);

        // ParseReason shows a reason safely (ZmtpText.Describe): printable ASCII other than the backslash comes back as sent.
        Gen.Char[' ', '~'].Where(c => c != '\\').Array[0, 255].Select(c => new string(c)).Sample(reason =>
        {
            var frame = new byte[ZmtpErrorCommand.GetFrameLength(reason)];
            ZmtpErrorCommand.Write(frame, reason);
            var command = ZmtpCommand.Parse(frame.AsSpan(HeaderLength(frame)));
            Assert.Equal(ZmtpCommandKind.Error, command.Kind);
            Assert.Equal(reason, ZmtpErrorCommand.ParseReason(command.Data));
        }, iter: 10_000);

        Encoded.Metadata.Sample(metadata =>
        {
            var parsed = ZmtpMetadata.Parse(Encoded.MetadataBytes(metadata));
            Assert.Equal(
                metadata.Properties.Select(p => (p.Name, Convert.ToHexString(p.Value.Span))),
                parsed.Properties.Select(p => (p.Name, Convert.ToHexString(p.Value.Span))));
            Assert.Equal(metadata.ReadSocketType(), parsed.ReadSocketType());
        }, iter: 10_000);
    }

    [Fact]
    public void A_greeting_parses_back_and_z85_decodes_to_what_was_encoded()
    {
        Gen.Select(Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+"].Array[1, 20].Select(c => new string(c)), Gen.Bool).Sample((mechanism, asServer) =>
        {
            var greeting = new byte[ZmtpGreeting.Length];
            ZmtpGreeting.Write(greeting, mechanism, asServer);
            var peer = ZmtpGreeting.Parse(greeting, mechanism);
            Assert.Equal((ZmtpGreeting.VersionMajor, ZmtpGreeting.VersionMinor, asServer), (peer.MajorVersion, peer.MinorVersion, peer.AsServer));
        }, iter: 10_000);

        Gen.Byte.Array[0, 25].Select(a => a.AsSpan(0, a.Length / 4 * 4).ToArray()).Sample(data =>
        {
            var text = Z85.Encode(data);
            Assert.Equal(data, Z85.Decode(text));
            FuzzTargets.Z85Text(System.Text.Encoding.Latin1.GetBytes(text));
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("decoder", "80" + "02" + "0000000040000000")] // 1 GiB data frame, 1 KiB MAXMSGSIZE
    [InlineData("decoder", "00" + "02" + "0000000040000000" + "00")] // 1 GiB data frame, no limit, one byte of it
    [InlineData("decoder", "00" + "06" + "0000000040000000" + "04")] // 1 GiB command, no limit
    [InlineData("decoder", "00" + "02" + "FFFFFFFFFFFFFFFF")] // a size no array holds
    [InlineData("null", "00" + "06" + "0000000040000000" + "05")] // 1 GiB command in the handshake
    [InlineData("frames", "02" + "7FFFFFFFFFFFFFFF" + "00")]
    public void A_header_that_claims_a_huge_frame_costs_no_more_than_the_bound(string target, string hex)
    {
        FuzzTargetProperties.Check(FuzzTargets.All[target], Convert.FromHexString(hex));
    }

    private static int HeaderLength(byte[] frame) => (frame[0] & 0x02) != 0 ? 9 : 2;

    private sealed class NoEvents : IZmtpDecoderEvents
    {
        public void OnFrame()
        {
        }

        public void OnPing(ushort ttlDeciseconds, ReadOnlySpan<byte> context)
        {
        }
    }
}
