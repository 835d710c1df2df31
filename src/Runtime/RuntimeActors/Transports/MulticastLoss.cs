namespace RuntimeActors.Transports;

/// <summary>
/// A gap a multicast receiver gave up repairing: the sender's window no longer held the data, or it did not answer the
/// receiver's NAKs. The receiver went on at the next whole message; what was lost is counted, never delivered in part.
/// </summary>
/// <param name="Source">The sender, as its transport names it (for PGM its TSI, <c>GSI.sport</c>).</param>
/// <param name="LostPackets">How many data packets (sequence numbers) were lost.</param>
/// <param name="Reason">Why they could not be repaired.</param>
public sealed record MulticastLoss(string Source, long LostPackets, string Reason);
