using System.Buffers.Binary;

namespace RuntimeActors.Transports.Pgm.Wire;

/// <summary>Writes the PGM packets the transport sends, checksum included; each method returns the packet's length.</summary>
internal static class PgmWriter
{
    /// <summary>The longest NAK or NCF: header, body, OPT_LENGTH and a full OPT_NAK_LIST.</summary>
    public const int MaxNakLength = PgmPacket.HeaderLength + PgmPacket.NakBodyLength + 4 + 4 + (4 * (PgmPacket.MaxNakSqns - 1));

    /// <summary>The length of an SPM.</summary>
    public const int SpmLength = PgmPacket.HeaderLength + PgmPacket.SpmBodyLength;

    /// <summary>Writes an SPM advertising the window [<paramref name="trail"/>, <paramref name="lead"/>].</summary>
    public static int WriteSpm(Span<byte> buffer, ushort sourcePort, ushort destinationPort, ulong gsi, uint spmSqn, uint trail, uint lead, uint nla)
    {
        var packet = buffer[..SpmLength];
        packet.Clear();
        WriteHeader(packet, sourcePort, destinationPort, PgmPacketType.Spm, 0, gsi, 0);
        BinaryPrimitives.WriteUInt32BigEndian(packet[16..], spmSqn);
        BinaryPrimitives.WriteUInt32BigEndian(packet[20..], trail);
        BinaryPrimitives.WriteUInt32BigEndian(packet[24..], lead);
        BinaryPrimitives.WriteUInt16BigEndian(packet[28..], PgmPacket.AfiIpv4);
        BinaryPrimitives.WriteUInt32BigEndian(packet[32..], nla);
        PgmChecksum.Write(packet);
        return SpmLength;
    }

    /// <summary>Writes an ODATA or RDATA packet carrying <paramref name="tsdu"/> (never fragmented).</summary>
    public static int WriteData(Span<byte> buffer, PgmPacketType type, ushort sourcePort, ushort destinationPort, ulong gsi, uint sqn, uint trail, ReadOnlySpan<byte> tsdu)
    {
        var length = PgmPacket.HeaderLength + PgmPacket.DataHeaderLength + tsdu.Length;
        var packet = buffer[..length];
        WriteHeader(packet, sourcePort, destinationPort, type, 0, gsi, (ushort)tsdu.Length);
        BinaryPrimitives.WriteUInt32BigEndian(packet[16..], sqn);
        BinaryPrimitives.WriteUInt32BigEndian(packet[20..], trail);
        tsdu.CopyTo(packet[24..]);
        PgmChecksum.Write(packet);
        return length;
    }

    /// <summary>
    /// Writes a NAK (receiver to source) or an NCF (source to group) for <paramref name="sqns"/> (1 to
    /// <see cref="PgmPacket.MaxNakSqns"/>): the first in nak_sqn, the rest in OPT_NAK_LIST.
    /// </summary>
    public static int WriteNak(Span<byte> buffer, PgmPacketType type, ushort sourcePort, ushort destinationPort, ulong gsi,
        ReadOnlySpan<uint> sqns, uint sourceNla, uint groupNla)
    {
        if (sqns.Length is 0 or > PgmPacket.MaxNakSqns)
        {
            throw new ArgumentOutOfRangeException(nameof(sqns), sqns.Length, "A NAK names 1 to 62 sequence numbers.");
        }

        var listed = sqns.Length - 1;
        var optionsLength = listed == 0 ? 0 : 4 + 4 + (4 * listed);
        var length = PgmPacket.HeaderLength + PgmPacket.NakBodyLength + optionsLength;
        var packet = buffer[..length];
        packet.Clear();
        WriteHeader(packet, sourcePort, destinationPort, type, listed == 0 ? (byte)0 : PgmPacket.OptPresent, gsi, 0);
        BinaryPrimitives.WriteUInt32BigEndian(packet[16..], sqns[0]);
        BinaryPrimitives.WriteUInt16BigEndian(packet[20..], PgmPacket.AfiIpv4);
        BinaryPrimitives.WriteUInt32BigEndian(packet[24..], sourceNla);
        BinaryPrimitives.WriteUInt16BigEndian(packet[28..], PgmPacket.AfiIpv4);
        BinaryPrimitives.WriteUInt32BigEndian(packet[32..], groupNla);
        if (listed > 0)
        {
            var o = PgmPacket.HeaderLength + PgmPacket.NakBodyLength;
            packet[o] = PgmPacket.OptLength;
            packet[o + 1] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(packet[(o + 2)..], (ushort)optionsLength);
            packet[o + 4] = PgmPacket.OptNakList | PgmPacket.OptEnd;
            packet[o + 5] = (byte)(4 + (4 * listed));
            for (var i = 0; i < listed; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(packet[(o + 8 + (4 * i))..], sqns[i + 1]);
            }
        }

        PgmChecksum.Write(packet);
        return length;
    }

    /// <summary>Writes an SPMR (receiver asks the source for an SPM).</summary>
    public static int WriteSpmr(Span<byte> buffer, ushort sourcePort, ushort destinationPort, ulong gsi)
    {
        var packet = buffer[..PgmPacket.HeaderLength];
        WriteHeader(packet, sourcePort, destinationPort, PgmPacketType.Spmr, 0, gsi, 0);
        PgmChecksum.Write(packet);
        return PgmPacket.HeaderLength;
    }

    /// <summary>Writes a 6-byte GSI.</summary>
    public static void WriteGsi(Span<byte> bytes, ulong gsi)
    {
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)gsi;
            gsi >>= 8;
        }
    }

    private static void WriteHeader(Span<byte> packet, ushort sourcePort, ushort destinationPort, PgmPacketType type, byte options, ulong gsi, ushort tsduLength)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], destinationPort);
        packet[4] = (byte)type;
        packet[5] = options;
        packet[6] = 0;
        packet[7] = 0;
        WriteGsi(packet[8..], gsi);
        BinaryPrimitives.WriteUInt16BigEndian(packet[14..], tsduLength);
    }
}
