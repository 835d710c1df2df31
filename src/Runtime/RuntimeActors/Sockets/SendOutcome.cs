namespace RuntimeActors.Sockets;

/// <summary>What routing a message did.</summary>
internal enum SendOutcome
{
    /// <summary>Queued for at least one peer.</summary>
    Sent,

    /// <summary>Dropped as the socket type requires (PUB at the high-water mark, ROUTER without a route); the send still succeeds.</summary>
    Dropped,

    /// <summary>No peer can take it now; a blocking send waits and retries.</summary>
    WouldBlock,
}
