using System.Buffers.Binary;

namespace RuntimeActors.Transports.Pgm.Wire;

/// <summary>
/// One parsed PGM packet (RFC 3208, as OpenPGM lays it out in packet.h): the header and the fields of the types the
/// transport handles, over the buffer it was read from. IPv4 network-layer addresses only.
/// </summary>
internal readonly struct PgmPacket
{
    /// <summary>The PGM header's length.</summary>
    public const int HeaderLength = 16;

    /// <summary>The ODATA/RDATA header after the PGM header: data_sqn and data_trail.</summary>
    public const int DataHeaderLength = 8;

    /// <summary>The SPM body for an IPv4 NLA.</summary>
    public const int SpmBodyLength = 20;

    /// <summary>The NAK/NCF body for IPv4 NLAs.</summary>
    public const int NakBodyLength = 20;

    /// <summary>The most sequence numbers one NAK carries: nak_sqn and 61 in OPT_NAK_LIST.</summary>
    public const int MaxNakSqns = 62;

    /// <summary>Header option flag: options follow.</summary>
    public const byte OptPresent = 0x01;

    /// <summary>Option type: the options' total length, first of all.</summary>
    public const byte OptLength = 0x00;

    /// <summary>Option type: a fragment of a larger APDU.</summary>
    public const byte OptFragment = 0x01;

    /// <summary>Option type: further NAKed sequence numbers.</summary>
    public const byte OptNakList = 0x02;

    /// <summary>Option type: the source ends its session.</summary>
    public const byte OptFin = 0x0e;

    /// <summary>Set on the type of the last option.</summary>
    public const byte OptEnd = 0x80;

    /// <summary>NLA address family: IPv4.</summary>
    public const ushort AfiIpv4 = 1;

    private readonly ReadOnlyMemory<byte> _nakList;

    private PgmPacket(PgmPacketType type, ushort sourcePort, ushort destinationPort, ulong gsi, uint sqn, uint trail, uint lead,
        uint nla, uint groupNla, ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> nakList, PgmFragment? fragment, bool fin)
    {
        Type = type;
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        Gsi = gsi;
        Sqn = sqn;
        Trail = trail;
        Lead = lead;
        Nla = nla;
        GroupNla = groupNla;
        Payload = payload;
        _nakList = nakList;
        Fragment = fragment;
        Fin = fin;
    }

    /// <summary>The packet type.</summary>
    public PgmPacketType Type { get; }

    /// <summary>The header's source port.</summary>
    public ushort SourcePort { get; }

    /// <summary>The header's destination port.</summary>
    public ushort DestinationPort { get; }

    /// <summary>The global source id (48 bits).</summary>
    public ulong Gsi { get; }

    /// <summary>data_sqn, spm_sqn or nak_sqn.</summary>
    public uint Sqn { get; }

    /// <summary>data_trail or spm_trail.</summary>
    public uint Trail { get; }

    /// <summary>spm_lead.</summary>
    public uint Lead { get; }

    /// <summary>The SPM's path NLA, or a NAK's source NLA (IPv4, host order of the big-endian bytes).</summary>
    public uint Nla { get; }

    /// <summary>A NAK's or NCF's group NLA.</summary>
    public uint GroupNla { get; }

    /// <summary>ODATA/RDATA: the TSDU.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>ODATA/RDATA: the OPT_FRAGMENT option, when the TSDU is part of a larger APDU.</summary>
    public PgmFragment? Fragment { get; }

    /// <summary>Whether OPT_FIN is present.</summary>
    public bool Fin { get; }

    /// <summary>NAK/NCF: how many sequence numbers it names, nak_sqn included.</summary>
    public int NakCount => 1 + (_nakList.Length / 4);

    /// <summary>NAK/NCF: the <paramref name="index"/>th sequence number it names (0 is nak_sqn).</summary>
    public uint NakSqn(int index) =>
        index == 0 ? Sqn : BinaryPrimitives.ReadUInt32BigEndian(_nakList.Span[((index - 1) * 4)..]);

    /// <summary>The transport session id: GSI and source port, as OpenPGM prints it.</summary>
    public static string FormatTsi(ulong gsi, ushort sourcePort)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, gsi);
        return $"{bytes[2]}.{bytes[3]}.{bytes[4]}.{bytes[5]}.{bytes[6]}.{bytes[7]}.{sourcePort}";
    }

    /// <summary>
    /// Parses <paramref name="packet"/> (a whole PGM packet): false for a truncated or malformed packet, a wrong
    /// checksum, a type the transport ignores, or a data packet without a checksum (OpenPGM rejects those too).
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> packet, out PgmPacket parsed)
    {
        parsed = default;
        var span = packet.Span;
        if (span.Length < HeaderLength || !PgmChecksum.IsValid(span))
        {
            return false;
        }

        var sport = BinaryPrimitives.ReadUInt16BigEndian(span);
        var dport = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        var type = (PgmPacketType)span[4];
        var flags = span[5];
        var checksum = BinaryPrimitives.ReadUInt16BigEndian(span[6..]);
        var gsi = ReadGsi(span[8..]);
        var tsduLength = BinaryPrimitives.ReadUInt16BigEndian(span[14..]);
        var hasOptions = (flags & OptPresent) != 0;
        switch (type)
        {
            case PgmPacketType.Odata or PgmPacketType.Rdata:
            {
                if (checksum == 0 || span.Length < HeaderLength + DataHeaderLength)
                {
                    return false;
                }

                var sqn = BinaryPrimitives.ReadUInt32BigEndian(span[16..]);
                var trail = BinaryPrimitives.ReadUInt32BigEndian(span[20..]);
                var at = HeaderLength + DataHeaderLength;
                var options = default(ParsedOptions);
                if (hasOptions && !TryParseOptions(span, ref at, out options))
                {
                    return false;
                }

                if (span.Length - at < tsduLength)
                {
                    return false;
                }

                parsed = new PgmPacket(type, sport, dport, gsi, sqn, trail, 0, 0, 0, packet.Slice(at, tsduLength), default, options.Fragment, options.Fin);
                return true;
            }

            case PgmPacketType.Spm:
            {
                if (span.Length < HeaderLength + SpmBodyLength || BinaryPrimitives.ReadUInt16BigEndian(span[28..]) != AfiIpv4)
                {
                    return false;
                }

                var at = HeaderLength + SpmBodyLength;
                var options = default(ParsedOptions);
                if (hasOptions && !TryParseOptions(span, ref at, out options))
                {
                    return false;
                }

                parsed = new PgmPacket(type, sport, dport, gsi, BinaryPrimitives.ReadUInt32BigEndian(span[16..]), BinaryPrimitives.ReadUInt32BigEndian(span[20..]),
                    BinaryPrimitives.ReadUInt32BigEndian(span[24..]), BinaryPrimitives.ReadUInt32BigEndian(span[32..]), 0, default, default, null, options.Fin);
                return true;
            }

            case PgmPacketType.Nak or PgmPacketType.Ncf:
            {
                if (span.Length < HeaderLength + NakBodyLength || BinaryPrimitives.ReadUInt16BigEndian(span[20..]) != AfiIpv4
                    || BinaryPrimitives.ReadUInt16BigEndian(span[28..]) != AfiIpv4)
                {
                    return false;
                }

                var at = HeaderLength + NakBodyLength;
                var options = default(ParsedOptions);
                if (hasOptions && !TryParseOptions(span, ref at, out options))
                {
                    return false;
                }

                var list = options.NakListLength > 0 ? packet.Slice(options.NakListOffset, options.NakListLength) : default;
                parsed = new PgmPacket(type, sport, dport, gsi, BinaryPrimitives.ReadUInt32BigEndian(span[16..]), 0, 0,
                    BinaryPrimitives.ReadUInt32BigEndian(span[24..]), BinaryPrimitives.ReadUInt32BigEndian(span[32..]), default, list, null, false);
                return true;
            }

            case PgmPacketType.Spmr:
                parsed = new PgmPacket(type, sport, dport, gsi, 0, 0, 0, 0, 0, default, default, null, false);
                return true;

            default:
                return false;
        }
    }

    /// <summary>Reads a 6-byte GSI as a number.</summary>
    public static ulong ReadGsi(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (var i = 0; i < 6; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    // Options start with OPT_LENGTH (type 0, length 4, total length); each then is [type|END][length][OPX][body].
    private static bool TryParseOptions(ReadOnlySpan<byte> span, ref int at, out ParsedOptions options)
    {
        options = default;
        if (span.Length < at + 4 || span[at] != OptLength || span[at + 1] != 4)
        {
            return false;
        }

        var total = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 2)..]);
        var end = at + total;
        if (total < 4 || end > span.Length)
        {
            return false;
        }

        var o = at + 4;
        while (o < end)
        {
            if (o + 3 > end)
            {
                return false;
            }

            var type = span[o];
            var length = span[o + 1];
            if (length < 3 || o + length > end)
            {
                return false;
            }

            switch (type & 0x7f)
            {
                case OptFragment when length >= 16:
                    options.Fragment = new PgmFragment(
                        BinaryPrimitives.ReadUInt32BigEndian(span[(o + 4)..]),
                        BinaryPrimitives.ReadUInt32BigEndian(span[(o + 8)..]),
                        BinaryPrimitives.ReadUInt32BigEndian(span[(o + 12)..]));
                    break;
                case OptNakList when length >= 4:
                    options.NakListOffset = o + 4;
                    options.NakListLength = (length - 4) / 4 * 4;
                    break;
                case OptFin:
                    options.Fin = true;
                    break;
                default:
                    break;
            }

            o += length;
            if ((type & OptEnd) != 0)
            {
                break;
            }
        }

        at = end;
        return true;
    }

    private struct ParsedOptions
    {
        public PgmFragment? Fragment;
        public int NakListOffset;
        public int NakListLength;
        public bool Fin;
    }
}
