namespace RuntimeActors.Transports.Pgm.Receiving;

/// <summary>The NAK timing of a receive window; the defaults are libzmq's (pgm_socket.cpp).</summary>
/// <param name="NakBackOffInterval">The most a first NAK waits (a random share of it), so receivers do not all NAK at once.</param>
/// <param name="NakRepeatInterval">How long a NAK waits for its NCF before it is sent again.</param>
/// <param name="NakRdataInterval">How long an NCF'd gap waits for its RDATA before it is NAKed again.</param>
/// <param name="NakNcfRetries">NAKs without an NCF before the gap is given up.</param>
/// <param name="NakDataRetries">NCFs without RDATA before the gap is given up.</param>
internal sealed record ReceiveWindowSettings(
    TimeSpan NakBackOffInterval,
    TimeSpan NakRepeatInterval,
    TimeSpan NakRdataInterval,
    int NakNcfRetries,
    int NakDataRetries)
{
    /// <summary>libzmq's: 50 ms back-off, 200 ms repeat and RDATA waits, 50 retries each.</summary>
    public static ReceiveWindowSettings Default { get; } = new(
        TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), 50, 50);
}
