using RuntimeActors.Pipes;
using RuntimeActors.Transports;

namespace RuntimeActors.Sessions;

/// <summary>What the tasks of a session report back to its actor, and what a connecting session tells its connecter.</summary>
internal static class SessionMessages
{
    public sealed record ConnectionEstablished(ITransportConnection Connection);

    public sealed record HandshakeCompleted(PeerInfo Peer);

    public sealed record HandshakeRejected(Exception Cause);

    public sealed record EngineStopped(Exception? Cause);

    /// <summary>A connecting session's transport connected (told to its connecter, which may owe the user an answer).</summary>
    public sealed class SessionConnected
    {
        public static SessionConnected Instance { get; } = new();
    }

    /// <summary>A connecting session's handshake succeeded: the connecter's reconnect delay goes back to the minimum.</summary>
    public sealed class HandshakeSucceeded
    {
        public static HandshakeSucceeded Instance { get; } = new();
    }
}
