using RuntimeActors.Pipes;

namespace RuntimeActors.Engine;

/// <summary>What a session runs on one connection: ZMTP over a byte stream, or the message engine of inproc.</summary>
internal interface IConnectionEngine
{
    /// <summary>Exchanges socket types and routing ids with the peer and checks that the types may talk.</summary>
    Task<PeerInfo> HandshakeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Moves messages between <paramref name="pipe"/> and the connection until the connection ends; completes
    /// normally after a graceful close (the pipe completed and flushed, the token cancelled, the peer closed).
    /// </summary>
    Task RunAsync(Pipe pipe, IEngineHost host, CancellationToken cancellationToken);
}
