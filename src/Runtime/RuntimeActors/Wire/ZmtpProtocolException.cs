namespace RuntimeActors.Wire;

/// <summary>
/// Thrown when a peer breaks the ZMTP protocol. The connection it came from cannot continue.
/// </summary>
public sealed class ZmtpProtocolException : Exception
{
    /// <summary>Creates an exception for a protocol fault of the given kind.</summary>
    /// <param name="error">The kind of fault.</param>
    /// <param name="message">What the peer did wrong, with the offending values.</param>
    public ZmtpProtocolException(ZmtpError error, string message)
        : this(error, DefaultCode(error), message)
    {
    }

    /// <summary>Creates an exception for a protocol fault with libzmq's code for the monitor event.</summary>
    /// <param name="error">The kind of fault.</param>
    /// <param name="protocolError">libzmq's ZMQ_PROTOCOL_ERROR_* for it, which names the command concerned.</param>
    /// <param name="message">What the peer did wrong, with the offending values.</param>
    public ZmtpProtocolException(ZmtpError error, ZmqProtocolError protocolError, string message)
        : base(message)
    {
        Error = error;
        ProtocolError = protocolError;
    }

    /// <summary>The kind of fault, for callers that react differently to each.</summary>
    public ZmtpError Error { get; }

    /// <summary>The code of the <see cref="SocketEventKind.HandshakeFailedProtocol"/> event, as libzmq would raise it.</summary>
    public ZmqProtocolError ProtocolError { get; }

    /// <summary>
    /// The mechanism refused a frame of the data phase (a CURVE MESSAGE box). libzmq 4.3.4 reports that as
    /// HANDSHAKE_FAILED_PROTOCOL even after the handshake (curve_mechanism_base_t::decode), before DISCONNECTED.
    /// </summary>
    internal bool RaisedByMechanism { get; init; }

    private static ZmqProtocolError DefaultCode(ZmtpError error) => error switch
    {
        ZmtpError.MechanismMismatch => ZmqProtocolError.ZmtpMechanismMismatch,
        ZmtpError.MalformedCommand => ZmqProtocolError.ZmtpMalformedCommandUnspecified,
        ZmtpError.MalformedMetadata or ZmtpError.MissingSocketType or ZmtpError.UnknownSocketType or ZmtpError.IncompatibleSocketType
            => ZmqProtocolError.ZmtpInvalidMetadata,
        ZmtpError.UnexpectedCommand or ZmtpError.CommandWithMoreFlag => ZmqProtocolError.ZmtpUnexpectedCommand,
        ZmtpError.Cryptographic => ZmqProtocolError.ZmtpCryptographic,
        ZmtpError.InvalidSequence => ZmqProtocolError.ZmtpInvalidSequence,
        ZmtpError.KeyExchange => ZmqProtocolError.ZmtpKeyExchange,
        ZmtpError.ZapFailure => ZmqProtocolError.ZapUnspecified,
        _ => ZmqProtocolError.ZmtpUnspecified,
    };
}
