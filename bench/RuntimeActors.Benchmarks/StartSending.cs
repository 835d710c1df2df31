using RuntimeActors.Actors;

namespace RuntimeActors.Benchmarks;

/// <summary>Tells a sender actor to send <paramref name="Count"/> payloads to <paramref name="Target"/>.</summary>
internal sealed record StartSending(IActorRef Target, long Count);
