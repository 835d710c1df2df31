namespace RuntimeActors.Benchmarks;

/// <summary>Makes the receiver block until <paramref name="Released"/> completes, so that its mailbox can be filled.</summary>
internal sealed record Hold(Task Released);
