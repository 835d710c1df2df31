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

    /// <summary>
    /// Reads one APDU, adding the messages it completes to <paramref name="messages"/>; false, with what was wrong in
    /// <paramref name="error"/>, when the stream broke the protocol and the reader dropped its state.
    /// </summary>
    public bool Read(ReadOnlySpan<byte> apdu, List<ZMessage> messages, out string? error)
    {
        error = null;
        if (apdu.Length < 2)
        {
            error = $"an APDU of {apdu.Length} byte(s), too short for its offset";
            return false;
        }

        var offset = BinaryPrimitives.ReadUInt16BigEndian(apdu);
        var data = apdu[2..];
        if (!IsJoined)
        {
            if (offset == ApduEncoder.NoMessageStart)
            {
                return true;
            }

            if (offset > data.Length)
            {
                error = $"an APDU whose first message would start at {offset}, past its {data.Length} bytes";
                return false;
            }

            data = data[offset..];
            IsJoined = true;
        }

        if (!_decoder.Decode(data, messages, out error))
        {
            ProtocolErrors++;
            IsJoined = false;
            return false;
        }

        return true;
    }
}
