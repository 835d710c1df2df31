namespace RuntimeActors.Benchmarks;

/// <summary>How the one-way and fan-in messages are produced.</summary>
internal enum SendMode
{
    /// <summary>The sender actor tells all its messages in the handler of one Start message.</summary>
    Loop,

    /// <summary>The sender tells a chunk, then a Continue to itself, so that it yields its thread between chunks.</summary>
    Chunked,

    /// <summary>
    /// Chunked, and at most a window of chunks is unacknowledged: the receiver answers every chunk, so the
    /// receiver's mailbox never holds more than the window however much faster the sender is.
    /// </summary>
    Windowed,

    /// <summary>A plain thread, not an actor, tells every message in a loop (sender null).</summary>
    External,

    /// <summary>A plain thread tells chunks and waits for acknowledgements like <see cref="Windowed"/>.</summary>
    ExternalWindowed,
}
