namespace RuntimeActors.Transports.Pgm.Wire;

/// <summary>The PGM packet types (RFC 3208 section 8) that the transport reads or writes.</summary>
internal enum PgmPacketType : byte
{
    /// <summary>Source path message: the source's window and address.</summary>
    Spm = 0x00,

    /// <summary>Poll (ignored).</summary>
    Poll = 0x01,

    /// <summary>Poll response (ignored).</summary>
    Polr = 0x02,

    /// <summary>Original data.</summary>
    Odata = 0x04,

    /// <summary>Repair data.</summary>
    Rdata = 0x05,

    /// <summary>Negative acknowledgement, receiver to source.</summary>
    Nak = 0x08,

    /// <summary>Null NAK from a network element (ignored).</summary>
    Nnak = 0x09,

    /// <summary>NAK confirmation, source to group.</summary>
    Ncf = 0x0A,

    /// <summary>SPM request, receiver to source.</summary>
    Spmr = 0x0C,

    /// <summary>Acknowledgement (ignored).</summary>
    Ack = 0x0D,
}
