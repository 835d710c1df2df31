using RuntimeActors.Pipes;
using RuntimeActors.Transports;

namespace RuntimeActors.Sessions;

/// <summary>What the tasks of a session report back to its actor.</summary>
internal static class SessionMessages
{
    public sealed record ConnectionEstablished(ITransportConnection Connection);

    public sealed record HandshakeCompleted(PeerInfo Peer);

    public sealed record HandshakeRejected(Exception Cause);

    public sealed record EngineStopped(Exception? Cause);

    /// <summary>A connecting session's transport connected (told to its connecter, which may owe the user an answer).</summary>
    public sealed record SessionConnected
    {
        public static SessionConnected Instance { get; } = new();
    }
}
