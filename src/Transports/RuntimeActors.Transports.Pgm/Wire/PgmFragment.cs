namespace RuntimeActors.Transports.Pgm.Wire;

/// <summary>OPT_FRAGMENT: where a TSDU sits in the APDU it is part of.</summary>
/// <param name="FirstSqn">The sequence number of the APDU's first fragment.</param>
/// <param name="Offset">The fragment's offset in the APDU.</param>
/// <param name="ApduLength">The whole APDU's length.</param>
internal readonly record struct PgmFragment(uint FirstSqn, uint Offset, uint ApduLength);
