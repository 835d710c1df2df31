using CsCheck;
using RuntimeActors.Wire;

namespace RuntimeActors.Properties.Tests;

/// <summary>Generators of valid wire bytes, written with the runtime's own encoders, for round trips and for mutation.</summary>
internal static class Encoded
{
    private const string NameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+";

    /// <summary>A metadata property name as RFC 37 allows it.</summary>
    public static readonly Gen<string> PropertyName = Gen.Char[NameChars].Array[1, 40].Select(c => new string(c));

    /// <summary>Metadata with a Socket-Type and a few more properties of distinct names.</summary>
    public static readonly Gen<ZmtpMetadata> Metadata =
        Gen.Select(Gen.Int[0, 10], PropertyName.Array[0, 4], Gen.Byte.Array[0, 300].Array[4], (type, names, values) =>
        {
            var metadata = ZmtpMetadata.ForSocket((RuntimeActors.SocketType)type, "id"u8);
            for (var i = 0; i < names.Length; i++)
            {
                if (!metadata.Contains(names[i]))
                {
                    metadata.Add(names[i], values[i]);
                }
            }

            return metadata;
        });

    /// <summary>One frame of any kind the runtime writes: data, PING, PONG, ERROR, SUBSCRIBE, CANCEL, READY.</summary>
    public static readonly Gen<byte[]> Frame = Gen.OneOf(
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Bool, (body, more) => DataFrame(body, more)),
        Gen.Byte.Array[0, 600].Select(body => DataFrame(body, false)),
        Gen.Select(Gen.UShort, Gen.Byte.Array[0, 16], (ttl, context) => Write(ZmtpPingCommand.GetFrameLength(context.Length), d => ZmtpPingCommand.Write(d, ttl, context))),
        Gen.Byte.Array[0, 16].Select(context => Write(ZmtpPongCommand.GetFrameLength(context.Length), d => ZmtpPongCommand.Write(d, context))),
        Gen.Char['a', 'z'].Array[0, 40].Select(reason => new string(reason)).Select(reason => Write(ZmtpErrorCommand.GetFrameLength(reason), d => ZmtpErrorCommand.Write(d, reason))),
        Gen.Select(Gen.Bool, Gen.Byte.Array[0, 40], (subscribe, topic) => Command(subscribe ? ZmtpCommandNames.Subscribe : ZmtpCommandNames.Cancel, topic)),
        Gen.Select(Gen.Bool, Gen.Byte.Array[0, 40], (subscribe, topic) => Write(ZmtpLegacySubscription.GetFrameLength(topic.Length), d => ZmtpLegacySubscription.Write(d, subscribe, topic))),
        Metadata.Select(metadata => Command(ZmtpCommandNames.Ready, MetadataBytes(metadata))));

    /// <summary>A stream of frames as a peer sends them after its greeting.</summary>
    public static readonly Gen<byte[]> Stream = Frame.Array[0, 8].Select(frames => frames.SelectMany(f => f).ToArray());

    /// <summary>The encoded properties of <paramref name="metadata"/>.</summary>
    public static byte[] MetadataBytes(ZmtpMetadata metadata)
    {
        var bytes = new byte[metadata.GetEncodedLength()];
        metadata.WriteTo(bytes);
        return bytes;
    }

    /// <summary>A data frame.</summary>
    public static byte[] DataFrame(ReadOnlySpan<byte> body, bool more)
    {
        var frame = new byte[ZmtpFrameHeader.GetLength(body.Length) + body.Length];
        var written = ZmtpFrameHeader.Write(frame, body.Length, more, command: false);
        body.CopyTo(frame.AsSpan(written));
        return frame;
    }

    /// <summary>A command frame.</summary>
    public static byte[] Command(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        var frame = new byte[ZmtpCommand.GetFrameLength(name.Length, data.Length)];
        ZmtpCommand.Write(frame, name, data);
        return frame;
    }

    private static byte[] Write(int length, SpanWriter write)
    {
        var frame = new byte[length];
        Assert.Equal(length, write(frame));
        return frame;
    }

    private delegate int SpanWriter(Span<byte> destination);
}
