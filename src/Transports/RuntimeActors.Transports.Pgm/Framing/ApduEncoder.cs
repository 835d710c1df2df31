using System.Buffers.Binary;

namespace RuntimeActors.Transports.Pgm.Framing;

/// <summary>
/// Packs messages into the APDUs libzmq's pgm_sender writes: each APDU is a 2-byte big-endian offset of the first
/// message that starts in it (0xffff when none does), then the ZMTP 1.0 stream (v1_encoder: [size][flags][body], size =
/// body + 1, 0xff and 8 bytes when 255 or more). As libzmq's, one APDU holds as many messages as fit, a message runs on
/// into the next APDU when it does not, and an APDU goes out when it is full or when the sender has nothing more queued
/// (<see cref="Flush"/>): many small messages share one packet.
/// </summary>
internal sealed class ApduEncoder
{
    /// <summary>The offset of an APDU in which no message starts.</summary>
    public const ushort NoMessageStart = 0xffff;

    private const int OffsetLength = 2;

    private readonly int _maxTsdu;
    private readonly Func<byte[]> _rent;
    private byte[]? _current;
    private int _at;
    private ushort _offset;

    // Whether the last frame written had MORE: the next frame then continues a message rather than starting one.
    private bool _more;

    /// <summary>Creates an encoder whose APDUs are at most <paramref name="maxTsdu"/> bytes, in buffers from <paramref name="rent"/> (at least that long).</summary>
    public ApduEncoder(int maxTsdu, Func<byte[]> rent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTsdu, 16);
        _maxTsdu = maxTsdu;
        _rent = rent;
    }

    /// <summary>Whether an APDU is partly filled, waiting for more messages or a <see cref="Flush"/>.</summary>
    public bool HasPending => _current is not null && _at > OffsetLength;

    /// <summary>The APDUs of <paramref name="message"/> alone, each at most <paramref name="maxTsdu"/> bytes (tests, fuzzing).</summary>
    public static List<byte[]> Encode(ZMessage message, int maxTsdu)
    {
        var encoder = new ApduEncoder(maxTsdu, () => new byte[maxTsdu]);
        var apdus = new List<Apdu>();
        encoder.Append(message, apdus);
        encoder.Flush(apdus);
        return apdus.Select(apdu => apdu.Buffer.AsSpan(0, apdu.Length).ToArray()).ToList();
    }

    /// <summary>Writes <paramref name="message"/>; each APDU it fills is added to <paramref name="completed"/>.</summary>
    public void Append(ZMessage message, List<Apdu> completed)
    {
        Span<byte> header = stackalloc byte[10];
        var last = message.Count - 1;
        for (var i = 0; i <= last; i++)
        {
            var body = message[i].Span;
            var headerLength = WriteFrameHeader(header, body.Length, more: i < last);
            Reserve(completed);
            if (!_more && _offset == NoMessageStart)
            {
                _offset = (ushort)(_at - OffsetLength);
            }

            Put(header[..headerLength], completed);
            Put(body, completed);
            _more = i < last;
        }
    }

    /// <summary>Completes the APDU being filled, if any, into <paramref name="completed"/>.</summary>
    public void Flush(List<Apdu> completed)
    {
        if (HasPending)
        {
            Complete(completed);
        }
    }

    /// <summary>The v1 header's length for a body of <paramref name="bodyLength"/> bytes, flags included.</summary>
    public static int FrameHeaderLength(int bodyLength) => bodyLength + 1 < 255 ? 2 : 10;

    private void Put(ReadOnlySpan<byte> bytes, List<Apdu> completed)
    {
        while (!bytes.IsEmpty)
        {
            Reserve(completed);
            var n = Math.Min(bytes.Length, _maxTsdu - _at);
            bytes[..n].CopyTo(_current.AsSpan(_at));
            _at += n;
            bytes = bytes[n..];
        }
    }

    // Makes room for at least one byte: a full APDU is completed and a new one started.
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_current))]
    private void Reserve(List<Apdu> completed)
    {
        if (_current is not null && _at == _maxTsdu)
        {
            Complete(completed);
        }

        if (_current is null)
        {
            _current = _rent();
            _at = OffsetLength;
            _offset = NoMessageStart;
        }
    }

    private void Complete(List<Apdu> completed)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_current, _offset);
        completed.Add(new Apdu(_current!, _at));
        _current = null;
    }

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
