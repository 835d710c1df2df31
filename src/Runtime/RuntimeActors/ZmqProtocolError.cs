namespace RuntimeActors;

/// <summary>
/// libzmq's ZMQ_PROTOCOL_ERROR_* codes, the value of a <see cref="SocketEventKind.HandshakeFailedProtocol"/> event,
/// with libzmq's numeric values so that they compare with events from libzmq sockets.
/// </summary>
public enum ZmqProtocolError
{
    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_UNSPECIFIED.</summary>
    ZmtpUnspecified = 0x10000000,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND: a command the handshake's state does not allow.</summary>
    ZmtpUnexpectedCommand = 0x10000001,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE: a CURVE nonce not larger than the last one (a replay).</summary>
    ZmtpInvalidSequence = 0x10000002,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE: the CURVE vouch does not name the client's short-term key.</summary>
    ZmtpKeyExchange = 0x10000003,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED.</summary>
    ZmtpMalformedCommandUnspecified = 0x10000011,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE: a CURVE MESSAGE too short to hold a box.</summary>
    ZmtpMalformedCommandMessage = 0x10000012,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO.</summary>
    ZmtpMalformedCommandHello = 0x10000013,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE.</summary>
    ZmtpMalformedCommandInitiate = 0x10000014,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR.</summary>
    ZmtpMalformedCommandError = 0x10000015,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY.</summary>
    ZmtpMalformedCommandReady = 0x10000016,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME.</summary>
    ZmtpMalformedCommandWelcome = 0x10000017,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA: metadata that does not parse, or a Socket-Type that cannot talk to ours.</summary>
    ZmtpInvalidMetadata = 0x10000018,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC: a box that does not open, or a key that cannot be used.</summary>
    ZmtpCryptographic = 0x11000001,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH: the peer's greeting names another mechanism.</summary>
    ZmtpMechanismMismatch = 0x11000002,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZAP_UNSPECIFIED.</summary>
    ZapUnspecified = 0x20000000,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY.</summary>
    ZapMalformedReply = 0x20000001,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID.</summary>
    ZapBadRequestId = 0x20000002,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION.</summary>
    ZapBadVersion = 0x20000003,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE.</summary>
    ZapInvalidStatusCode = 0x20000004,

    /// <summary>ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA.</summary>
    ZapInvalidMetadata = 0x20000005,
}
