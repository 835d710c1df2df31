using RuntimeActors.Transports;

namespace RuntimeActors.Sessions;

/// <summary>Where a connecting session connects to.</summary>
internal sealed record ConnectTarget(ITransport Transport, TransportAddress Address);
