using System.Buffers.Binary;

namespace RuntimeActors.Transports.Pgm.Wire;

/// <summary>The Internet checksum as OpenPGM folds it (checksum.c, pgm_csum_fold): 0 on the wire means "none".</summary>
internal static class PgmChecksum
{
    /// <summary>The offset of the checksum field in the PGM header.</summary>
    public const int FieldOffset = 6;

    /// <summary>The checksum of <paramref name="packet"/>, reading its checksum field as zero.</summary>
    /// <remarks>
    /// Summed 32 bits at a time: the ones' complement sum of 16-bit words folds the same from wider words (RFC 1071), and
    /// a data packet is summed once to send it and once to take it.
    /// </remarks>
    private static ulong Sum(ReadOnlySpan<byte> packet)
    {
        ulong sum = 0;
        var i = 0;
        if (packet.Length >= PgmPacket.HeaderLength)
        {
            // The first 8 bytes with the checksum field (bytes 6 and 7) read as zero.
            sum = BinaryPrimitives.ReadUInt32BigEndian(packet) + BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
            i = 8;
            for (; i + 4 <= packet.Length; i += 4)
            {
                sum += BinaryPrimitives.ReadUInt32BigEndian(packet[i..]);
            }
        }

        for (; i + 1 < packet.Length; i += 2)
        {
            if (i != FieldOffset)
            {
                sum += BinaryPrimitives.ReadUInt16BigEndian(packet[i..]);
            }
        }

        if (i < packet.Length)
        {
            sum += (ulong)packet[i] << 8;
        }

        return sum;
    }

    /// <summary>The checksum of <paramref name="packet"/>, reading its checksum field as zero.</summary>
    public static ushort Compute(ReadOnlySpan<byte> packet)
    {
        var sum = Sum(packet);
        while (sum >> 16 != 0)
        {
            sum = (sum >> 16) + (sum & 0xffff);
        }

        // A folded 0xffff stays 0xffff: its complement, 0, would read as "no checksum".
        return sum == 0xffff ? (ushort)0xffff : (ushort)~sum;
    }

    /// <summary>Writes the checksum of <paramref name="packet"/> into its header.</summary>
    public static void Write(Span<byte> packet) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet[FieldOffset..], Compute(packet));

    /// <summary>Whether the packet's checksum is absent (0) or right.</summary>
    public static bool IsValid(ReadOnlySpan<byte> packet)
    {
        var stored = BinaryPrimitives.ReadUInt16BigEndian(packet[FieldOffset..]);
        return stored == 0 || stored == Compute(packet);
    }
}
