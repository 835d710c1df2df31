namespace RuntimeActors.Wire;

/// <summary>Where a security mechanism's handshake stands.</summary>
internal enum ZmtpMechanismStatus
{
    /// <summary>Commands are still to be sent or received.</summary>
    Handshaking,

    /// <summary>The handshake succeeded; messages may flow.</summary>
    Ready,

    /// <summary>The handshake failed; send any pending command and close the connection.</summary>
    Error,
}
