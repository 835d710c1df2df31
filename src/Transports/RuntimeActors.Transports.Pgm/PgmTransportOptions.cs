namespace RuntimeActors.Transports.Pgm;

/// <summary>Test hooks that make loss on purpose, so repair can be tested on the loopback, which loses nothing.</summary>
internal sealed record PgmTransportOptions
{
    /// <summary>No loss: what the public AddPgm uses.</summary>
    public static PgmTransportOptions None { get; } = new();

    /// <summary>The share (0 to 1) of received ODATA a receiver ignores, so the sender must repair it after NAKs.</summary>
    public double DropReceivedOdata { get; init; }

    /// <summary>The share (0 to 1) of ODATA a sender keeps in its window but does not send, so receivers NAK it.</summary>
    public double SkipSentOdata { get; init; }

    /// <summary>Seeds the hooks' choices (and the NAK back-off) for repeatable runs; null for a random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>Overrides the receivers' NAK timing (tests give up sooner).</summary>
    public Receiving.ReceiveWindowSettings? ReceiveWindow { get; init; }
}
