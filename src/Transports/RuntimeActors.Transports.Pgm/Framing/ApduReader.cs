using System.Buffers.Binary;

namespace RuntimeActors.Transports.Pgm.Framing;

/// <summary>
/// One source's side of libzmq's pgm_receiver: not joined until an APDU in which a message starts (offset != 0xffff),
/// then a v1 stream from that offset on; a loss or a protocol error un-joins it, dropping what was partly read.
/// </summary>
internal sealed class ApduReader
{
    private readonly V1Decoder _decoder;

    /// <summary>Creates a reader bounding frames at <paramref name="maxMessageSize"/> (-1: no bound).</summary>
    public ApduReader(long maxMessageSize) => _decoder = new V1Decoder(maxMessageSize);

    /// <summary>Whether the reader is in step with the source's stream.</summary>
    public bool IsJoined { get; private set; }

    /// <summary>How many protocol errors made the reader drop its state.</summary>
    public long ProtocolErrors { get; private set; }

    /// <summary>Data was lost: forget the partial message and wait for the next message start.</summary>
    public void Lose()
    {
        IsJoined = false;
        _decoder.Reset();
    }

    /// <summary>Reads one APDU, adding the messages it completes to <paramref name="messages"/>.</summary>
    public void Read(ReadOnlySpan<byte> apdu, List<ZMessage> messages)
    {
        if (apdu.Length < 2)
        {
            return;
        }

        var offset = BinaryPrimitives.ReadUInt16BigEndian(apdu);
        var data = apdu[2..];
        if (!IsJoined)
        {
            if (offset == ApduEncoder.NoMessageStart || offset > data.Length)
            {
                return;
            }

            data = data[offset..];
            IsJoined = true;
        }

        if (!_decoder.Decode(data, messages, out _))
        {
            ProtocolErrors++;
            IsJoined = false;
        }
    }
}
