using System.Buffers.Binary;

namespace RuntimeActors.Soak;

/// <summary>
/// The messages of the soak: the sequence number in 8 bytes, then a body whose length (0 to 1,000 bytes) and bytes
/// follow from the number, so that a receiver can tell a whole message from a damaged or misrouted one.
/// </summary>
internal static class Payload
{
    private const int Sizes = 1001;

    /// <summary>The two frames of message number <paramref name="sequence"/>.</summary>
    public static ZMessage Create(long sequence)
    {
        var number = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(number, sequence);
        return new ZMessage().Append(number).Append(Body(sequence));
    }

    /// <summary>Reads the number from frames <paramref name="first"/> and <paramref name="first"/> + 1 of <paramref name="message"/>, and whether the body is the one the number gives.</summary>
    public static (long Sequence, bool Intact) Read(ZMessage message, int first = 0)
    {
        if (message.Count < first + 2 || message[first].Length != 8)
        {
            return (-1, false);
        }

        var sequence = BinaryPrimitives.ReadInt64LittleEndian(message[first].Span);
        return (sequence, message[first + 1].Span.SequenceEqual(Body(sequence)));
    }

    private static byte[] Body(long sequence)
    {
        var body = new byte[(int)((sequence * 7919) % Sizes)];
        var fill = (byte)sequence;
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)(fill + i);
        }

        return body;
    }
}
