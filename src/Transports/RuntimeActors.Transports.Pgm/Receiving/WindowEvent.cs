namespace RuntimeActors.Transports.Pgm.Receiving;

/// <summary>What a receive window hands on, in sequence order: an APDU, or a run of data given up on.</summary>
/// <param name="Apdu">
/// The APDU (reassembled when it came in fragments); empty for a loss. An APDU delivered in order as it came may be the
/// caller's own packet buffer: read it before that buffer is used again.
/// </param>
/// <param name="LostPackets">For a loss, how many sequence numbers were lost (at least one); 0 for an APDU.</param>
/// <param name="Reason">For a loss, why.</param>
internal readonly record struct WindowEvent(ReadOnlyMemory<byte> Apdu, long LostPackets, string? Reason)
{
    /// <summary>Whether this is a loss rather than an APDU.</summary>
    public bool IsLoss => LostPackets > 0;
}
