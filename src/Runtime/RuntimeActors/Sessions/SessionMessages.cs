using Akka.Actor;
using RuntimeActors.Pipes;
using RuntimeActors.Transports;

namespace RuntimeActors.Sessions;

/// <summary>
/// What the tasks of a session report back to its actor, and what a connecting session tells its connecter: messages
/// between actors of one socket that carry live objects and never leave the node, so serialize-messages skips them.
/// </summary>
internal static class SessionMessages
{
    public sealed record ConnectionEstablished(ITransportConnection Connection) : INoSerializationVerificationNeeded;

    public sealed record ConnectFailed(Exception Cause) : INoSerializationVerificationNeeded;

    public sealed record HandshakeCompleted(PeerInfo Peer) : INoSerializationVerificationNeeded;

    public sealed record HandshakeRejected(Exception Cause) : INoSerializationVerificationNeeded;

    public sealed record EngineStopped(Exception? Cause) : INoSerializationVerificationNeeded;

    /// <summary>A connecting session's transport connected (told to its connecter, which may owe the user an answer).</summary>
    public sealed class SessionConnected : INoSerializationVerificationNeeded
    {
        public static SessionConnected Instance { get; } = new();
    }

    /// <summary>A connecting session's handshake succeeded: the connecter's reconnect delay goes back to the minimum.</summary>
    public sealed class HandshakeSucceeded : INoSerializationVerificationNeeded
    {
        public static HandshakeSucceeded Instance { get; } = new();
    }
}
