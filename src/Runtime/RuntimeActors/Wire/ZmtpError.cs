namespace RuntimeActors.Wire;

/// <summary>
/// The kinds of ZMTP protocol fault a peer can commit. Each one ends the connection.
/// </summary>
public enum ZmtpError
{
    /// <summary>The greeting does not start with the ZMTP signature (0xFF, 8 padding bytes, 0x7F).</summary>
    BadSignature = 1,

    /// <summary>The peer speaks a ZMTP major version older than 3; ZMTP 1.0 and 2.0 are not supported.</summary>
    UnsupportedVersion,

    /// <summary>The peer's greeting announces a different security mechanism from ours.</summary>
    MechanismMismatch,

    /// <summary>The greeting's fixed fields hold values the grammar does not allow.</summary>
    MalformedGreeting,

    /// <summary>A frame's flags byte sets one of the reserved bits 7 to 3.</summary>
    ReservedFlagsSet,

    /// <summary>A command frame has the MORE flag set; commands are always single frames.</summary>
    CommandWithMoreFlag,

    /// <summary>A long frame's 64-bit size has its high bit set, beyond the 2^63-1 the protocol allows.</summary>
    FrameSizeOverflow,

    /// <summary>A frame is larger than the configured maximum message size or than this runtime can hold.</summary>
    MessageTooLarge,

    /// <summary>A command frame's body does not follow the command grammar.</summary>
    MalformedCommand,

    /// <summary>The metadata properties of a READY command do not follow the property grammar.</summary>
    MalformedMetadata,

    /// <summary>The peer sent a command the current protocol state does not allow.</summary>
    UnexpectedCommand,

    /// <summary>The peer's READY command carries no Socket-Type property.</summary>
    MissingSocketType,

    /// <summary>The peer announced a Socket-Type this runtime does not know.</summary>
    UnknownSocketType,

    /// <summary>The peer's socket type cannot talk to ours (for example PUB to PUSH).</summary>
    IncompatibleSocketType,

    /// <summary>The peer rejected the handshake with an ERROR command.</summary>
    HandshakeRejected,

    /// <summary>A CURVE box does not open, or a key cannot be used (an all-zero or low-order key).</summary>
    Cryptographic,

    /// <summary>A CURVE nonce is not larger than the last one from that peer: a replayed or reordered message.</summary>
    InvalidSequence,

    /// <summary>The CURVE vouch does not name the client's short-term key.</summary>
    KeyExchange,

    /// <summary>A ZAP handler's reply does not follow RFC 27, or no handler could be asked where one is required.</summary>
    ZapFailure,
}
