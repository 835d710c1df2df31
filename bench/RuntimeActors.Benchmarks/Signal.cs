namespace RuntimeActors.Benchmarks;

/// <summary>
/// The payload-free messages of the benchmarks. Each is a single pre-allocated instance, so that what a run
/// measures is the kernel's cost of a Tell and never the cost of building the message.
/// </summary>
internal sealed class Signal
{
    private readonly string _name;

    private Signal(string name) => _name = name;

    /// <summary>The message counted by the receivers.</summary>
    public static Signal Payload { get; } = new(nameof(Payload));

    /// <summary>A sender's note to itself to send its next chunk.</summary>
    public static Signal Continue { get; } = new(nameof(Continue));

    /// <summary>Closes a chunk; the receiver answers it with <see cref="Ack"/>.</summary>
    public static Signal ChunkEnd { get; } = new(nameof(ChunkEnd));

    /// <summary>The receiver's answer to <see cref="ChunkEnd"/>: one more chunk may be sent.</summary>
    public static Signal Ack { get; } = new(nameof(Ack));

    /// <summary>Ignored by the receiver; only occupies its mailbox while it is held.</summary>
    public static Signal Filler { get; } = new(nameof(Filler));

    /// <summary>The message that goes back and forth in the ping-pong scenario.</summary>
    public static Signal Ball { get; } = new(nameof(Ball));

    public override string ToString() => _name;
}
