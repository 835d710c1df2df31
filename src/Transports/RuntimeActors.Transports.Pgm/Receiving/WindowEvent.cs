namespace RuntimeActors.Transports.Pgm.Receiving;

/// <summary>What a receive window hands on, in sequence order: an APDU, or a run of data given up on.</summary>
/// <param name="Apdu">The APDU (reassembled when it came in fragments), or null for a loss.</param>
/// <param name="LostPackets">For a loss, how many sequence numbers were lost.</param>
/// <param name="Reason">For a loss, why.</param>
internal readonly record struct WindowEvent(byte[]? Apdu, long LostPackets, string? Reason);
