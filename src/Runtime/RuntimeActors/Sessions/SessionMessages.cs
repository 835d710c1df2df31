using Akka.Actor;
using Akka.Event;
using RuntimeActors.Pipes;
using RuntimeActors.Transports;

namespace RuntimeActors.Sessions;

/// <summary>
/// What the tasks of a session report back to its actor, and what a connecting session tells its connecter: messages
/// between actors of one socket that carry live objects and never leave the node, so serialize-messages skips them.
/// A task may complete after its session stopped (the socket closed meanwhile): that is no news, so none of them is
/// logged as a dead letter, and a connection that comes too late is closed by <see cref="Actors.PendingResource{T}"/>.
/// </summary>
internal static class SessionMessages
{
    public sealed record ConnectionEstablished(ITransportConnection Connection) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    public sealed record ConnectFailed(Exception Cause) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    public sealed record HandshakeCompleted(PeerInfo Peer) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    public sealed record HandshakeRejected(Exception Cause) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    public sealed record EngineStopped(Exception? Cause) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    /// <summary>A connecting session's transport connected (told to its connecter, which may owe the user an answer).</summary>
    public sealed class SessionConnected : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static SessionConnected Instance { get; } = new();
    }

    /// <summary>A connecting session's handshake succeeded: the connecter's reconnect delay goes back to the minimum.</summary>
    public sealed class HandshakeSucceeded : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static HandshakeSucceeded Instance { get; } = new();
    }
}
