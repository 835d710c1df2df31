using System.Buffers.Binary;

namespace RuntimeActors.Transports.Pgm.Framing;

/// <summary>
/// Cuts messages into the APDUs libzmq's pgm_sender writes: a 2-byte big-endian offset of the first message that starts
/// in the APDU (0xffff when none does), then the ZMTP 1.0 stream (v1_encoder: [size][flags][body], size = body + 1,
/// 0xff and 8 bytes when 255 or more). Each message starts a new APDU, so its offset is 0 and only its continuations
/// carry 0xffff; libzmq packs several messages into one APDU, which receivers read the same way.
/// </summary>
internal static class ApduEncoder
{
    /// <summary>The offset of an APDU in which no message starts.</summary>
    public const ushort NoMessageStart = 0xffff;

    /// <summary>The APDUs of <paramref name="message"/>, each at most <paramref name="maxTsdu"/> bytes.</summary>
    public static List<byte[]> Encode(ZMessage message, int maxTsdu)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTsdu, 16);
        long streamLength = 0;
        for (var i = 0; i < message.Count; i++)
        {
            streamLength += FrameHeaderLength(message[i].Length) + message[i].Length;
        }

        var room = maxTsdu - 2;
        var apdus = new List<byte[]>((int)((streamLength + room - 1) / room));
        byte[]? current = null;
        var at = 0;
        long remaining = streamLength;
        Span<byte> header = stackalloc byte[10];

        void Put(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                if (current is null || at == current.Length)
                {
                    var size = (int)Math.Min(room, remaining) + 2;
                    current = new byte[size];
                    BinaryPrimitives.WriteUInt16BigEndian(current, apdus.Count == 0 ? (ushort)0 : NoMessageStart);
                    apdus.Add(current);
                    at = 2;
                }

                var n = Math.Min(bytes.Length, current.Length - at);
                bytes[..n].CopyTo(current.AsSpan(at));
                at += n;
                remaining -= n;
                bytes = bytes[n..];
            }
        }

        for (var i = 0; i < message.Count; i++)
        {
            var body = message[i].Span;
            var more = i < message.Count - 1;
            var h = WriteFrameHeader(header, body.Length, more);
            Put(header[..h]);
            Put(body);
        }

        return apdus;
    }

    /// <summary>The v1 header's length for a body of <paramref name="bodyLength"/> bytes, flags included.</summary>
    public static int FrameHeaderLength(int bodyLength) => bodyLength + 1 < 255 ? 2 : 10;

    private static int WriteFrameHeader(Span<byte> header, int bodyLength, bool more)
    {
        var size = (long)bodyLength + 1;
        if (size < 255)
        {
            header[0] = (byte)size;
            header[1] = more ? (byte)1 : (byte)0;
            return 2;
        }

        header[0] = 0xff;
        BinaryPrimitives.WriteInt64BigEndian(header[1..], size);
        header[9] = more ? (byte)1 : (byte)0;
        return 10;
    }
}
