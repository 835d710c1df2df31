using System.Buffers;
using System.Globalization;
using System.Text;
using RuntimeActors.Security;
using RuntimeActors.Sockets;

namespace RuntimeActors.Wire;

/// <summary>
/// What every mechanism shares (libzmq's mechanism_base and zap_client): our metadata and its Socket-Type check, the
/// ERROR owed to a peer we reject, the handling of an ERROR the peer sends, and the ZAP request and reply.
/// </summary>
internal abstract class ZmtpMechanismBase : IZmtpMechanism
{
    private static long s_nextZapRequestId;
    private byte[]? _pendingError;

    /// <param name="localMetadata">What our metadata command announces; must hold a valid Socket-Type.</param>
    /// <param name="security">The socket's security settings, for ZAP.</param>
    /// <param name="peerAddress">The peer's address as ZAP requests name it.</param>
    protected ZmtpMechanismBase(ZmtpMetadata localMetadata, ZmtpSecurity security, string peerAddress)
    {
        ArgumentNullException.ThrowIfNull(localMetadata);
        ArgumentNullException.ThrowIfNull(security);
        ArgumentNullException.ThrowIfNull(peerAddress);
        if (!localMetadata.TryGetValue(ZmtpMetadata.SocketTypeProperty, out var socketType)
            || !ZmtpSocketTypeNames.TryParse(socketType.Span, out var localType))
        {
            throw new ArgumentException("Our metadata must announce one of this runtime's socket types in Socket-Type.", nameof(localMetadata));
        }

        LocalMetadata = localMetadata;
        LocalType = localType;
        Security = security;
        PeerAddress = peerAddress;
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public virtual bool AsServer => false;

    /// <inheritdoc />
    public ZmtpMechanismStatus Status =>
        Failed ? ZmtpMechanismStatus.Error : IsReady ? ZmtpMechanismStatus.Ready : ZmtpMechanismStatus.Handshaking;

    /// <inheritdoc />
    public ZmtpMetadata? PeerMetadata { get; private set; }

    /// <inheritdoc />
    public Exception? Failure { get; private set; }

    /// <inheritdoc />
    public ZapRequest? PendingZapRequest { get; private set; }

    /// <inheritdoc />
    public ZapReply? ZapResult { get; private set; }

    /// <inheritdoc />
    public virtual IZmtpCipher? Cipher => null;

    /// <summary>Our metadata, for READY or INITIATE.</summary>
    protected ZmtpMetadata LocalMetadata { get; }

    /// <summary>Our socket type.</summary>
    protected SocketType LocalType { get; }

    /// <summary>The socket's security settings.</summary>
    protected ZmtpSecurity Security { get; }

    /// <summary>The peer's address for ZAP.</summary>
    protected string PeerAddress { get; }

    /// <summary>Whether the mechanism's own handshake is complete (a failure overrides it).</summary>
    protected abstract bool IsReady { get; }

    /// <summary>Whether the handshake failed.</summary>
    protected bool Failed => Failure is not null;

    /// <summary>Whether a ZAP reply is awaited.</summary>
    protected bool AwaitingZap => PendingZapRequest is not null;

    /// <inheritdoc />
    public bool TryWriteNextCommand(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Failed)
        {
            if (_pendingError is null)
            {
                return false;
            }

            var error = _pendingError;
            _pendingError = null;
            WriteCommand(output, ZmtpCommandNames.Error, error);
            return true;
        }

        return !AwaitingZap && TryWriteHandshakeCommand(output);
    }

    /// <inheritdoc />
    public void ProcessCommand(ReadOnlySpan<byte> commandBody)
    {
        if (Failed)
        {
            throw new InvalidOperationException($"The {Name} handshake already failed; the connection must be closed.", Failure);
        }

        if (AwaitingZap)
        {
            throw new InvalidOperationException($"The {Name} handshake waits for ZAP; no command may be processed before its reply.");
        }

        if (AcceptsError && !PeerErrorAlias.IsEmpty && commandBody.StartsWith(PeerErrorAlias))
        {
            throw RejectedByPeer(commandBody[PeerErrorAlias.Length..]);
        }

        ZmtpCommand command;
        try
        {
            command = ZmtpCommand.Parse(commandBody);
        }
        catch (ZmtpProtocolException e)
        {
            throw Fail(e, "Malformed command");
        }

        if (command.Kind == ZmtpCommandKind.Error && AcceptsError)
        {
            throw RejectedByPeer(command.Data);
        }

        ProcessHandshakeCommand(command);
    }

    /// <inheritdoc />
    public void OnZapReply(ZapReply? reply)
    {
        var request = PendingZapRequest ?? throw new InvalidOperationException("No ZAP request is pending.");
        PendingZapRequest = null;
        if (reply is null)
        {
            OnNoZapHandler(request);
            return;
        }

        switch (reply.StatusCode)
        {
            case 200:
                ZapResult = reply;
                OnZapApproved();
                return;
            case 300:
                // RFC 27 / CurveZMQ: a temporary failure closes the connection without an ERROR, so the client retries.
                throw FailAuth(reply.StatusCode, $"ZAP answered {reply.StatusCode} \"{reply.StatusText}\" for {request}", sendError: false);
            case 400 or 500:
                throw FailAuth(reply.StatusCode, $"ZAP answered {reply.StatusCode} \"{reply.StatusText}\" for {request}", sendError: true);
            default:
                throw Fail(
                    new ZmtpProtocolException(ZmtpError.ZapFailure, ZmqProtocolError.ZapInvalidStatusCode, $"ZAP answered the invalid status code {reply.StatusCode} for {request}; RFC 27 allows 200, 300, 400 and 500"),
                    errorReason: null);
        }
    }

    /// <summary>Whether an ERROR from the peer is expected now (it ends the handshake); otherwise it goes to <see cref="ProcessHandshakeCommand"/>.</summary>
    protected virtual bool AcceptsError => true;

    /// <summary>
    /// A misspelt ERROR that servers of this mechanism are known to send, read as ERROR where one is expected: its first
    /// bytes stand for the name with its length byte, the error data follows. Empty when there is none.
    /// </summary>
    protected virtual ReadOnlySpan<byte> PeerErrorAlias => default;

    /// <summary>Writes the mechanism's next command, if one is due.</summary>
    protected abstract bool TryWriteHandshakeCommand(IBufferWriter<byte> output);

    /// <summary>Processes a well-formed command other than an accepted ERROR.</summary>
    protected abstract void ProcessHandshakeCommand(ZmtpCommand command);

    /// <summary>ZAP allowed the peer: carry on.</summary>
    protected abstract void OnZapApproved();

    /// <summary>
    /// No ZAP handler is installed. As libzmq 4.3.4: NULL and CURVE proceed unless <see cref="ZmtpSecurity.ZapEnforceDomain"/>
    /// is set; PLAIN overrides this to fail, as a PLAIN server without ZAP checks nothing.
    /// </summary>
    protected virtual void OnNoZapHandler(ZapRequest request)
    {
        if (Security.ZapEnforceDomain)
        {
            throw FailNoHandler(request);
        }

        OnZapApproved();
    }

    /// <summary>The handshake fails because ZAP cannot be asked.</summary>
    protected ZmqException FailNoHandler(ZapRequest request)
    {
        var failure = new ZmqException(
            ZmqError.AccessDenied,
            PeerAddress,
            $"the {Name} handshake needs a ZAP handler for {request}, and none is installed (SocketRuntime.UseZapHandler, or a socket bound to inproc://zeromq.zap.01)");
        Failure = failure;
        return failure;
    }

    /// <summary>Sets a ZAP request for the engine to answer before anything else happens.</summary>
    protected void RequestZap(params ReadOnlyMemory<byte>[] credentials)
    {
        var id = Interlocked.Increment(ref s_nextZapRequestId).ToString(CultureInfo.InvariantCulture);
        PendingZapRequest = new ZapRequest(id, Security.ZapDomain, PeerAddress, LocalMetadata.Identity, Name, credentials);
    }

    /// <summary>Parses the peer's metadata and checks its Socket-Type against ours; the peer is sent an ERROR if it fails.</summary>
    /// <param name="encoded">The metadata properties.</param>
    /// <param name="commandName">The command that carried it, for the ERROR reason.</param>
    /// <param name="malformed">libzmq's code for metadata that does not parse in this command.</param>
    protected void AcceptPeerMetadata(ReadOnlySpan<byte> encoded, string commandName, ZmqProtocolError malformed = ZmqProtocolError.ZmtpInvalidMetadata)
    {
        ZmtpMetadata metadata;
        SocketType peerType;
        try
        {
            metadata = ZmtpMetadata.Parse(encoded);
            peerType = metadata.ReadSocketType();
        }
        catch (ZmtpProtocolException e)
        {
            var code = e.Error == ZmtpError.MalformedMetadata ? malformed : ZmqProtocolError.ZmtpInvalidMetadata;
            throw Fail(new ZmtpProtocolException(e.Error, code, e.Message), e.Error == ZmtpError.MalformedMetadata ? $"Malformed {commandName}" : "Invalid Socket-Type");
        }

        if (!SocketTypeCompatibility.AreCompatible(LocalType, peerType))
        {
            var ours = ZmtpSocketTypeNames.ToWireName(LocalType);
            var theirs = ZmtpSocketTypeNames.ToWireName(peerType);
            throw Fail(
                new ZmtpProtocolException(ZmtpError.IncompatibleSocketType, $"peer Socket-Type {theirs} cannot talk to our {ours} socket"),
                $"Socket-Type {theirs} cannot talk to {ours}");
        }

        PeerMetadata = metadata;
    }

    /// <summary>Fails the handshake, and sends the peer an ERROR with <paramref name="errorReason"/> unless it is null.</summary>
    protected ZmtpProtocolException Fail(ZmtpProtocolException failure, string? errorReason)
    {
        Failure = failure;
        _pendingError = errorReason is null ? null : ErrorData(errorReason);
        return failure;
    }

    /// <summary>A command this state does not expect.</summary>
    protected ZmtpProtocolException Unexpected(ZmtpCommand command, string expected) =>
        Fail(
            new ZmtpProtocolException(ZmtpError.UnexpectedCommand, ZmqProtocolError.ZmtpUnexpectedCommand, $"{Name} handshake expected {expected}, got command \"{ZmtpText.Describe(command.Name)}\""),
            "Unexpected command");

    /// <summary>A command whose content is wrong for its name.</summary>
    protected ZmtpProtocolException Malformed(ZmqProtocolError code, string message) =>
        Fail(new ZmtpProtocolException(ZmtpError.MalformedCommand, code, $"{Name} handshake: {message}"), errorReason: null);

    /// <summary>A box that does not open, or a key that cannot be used.</summary>
    protected ZmtpProtocolException Cryptographic(string message) =>
        Fail(new ZmtpProtocolException(ZmtpError.Cryptographic, ZmqProtocolError.ZmtpCryptographic, $"{Name} handshake: {message}"), errorReason: null);

    /// <summary>Writes one command frame.</summary>
    protected static void WriteCommand(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        var length = ZmtpCommand.GetFrameLength(name.Length, data.Length);
        output.Advance(ZmtpCommand.Write(output.GetSpan(length), name, data));
    }

    /// <summary>Writes one command frame whose data is our metadata (READY, or INITIATE for PLAIN).</summary>
    protected void WriteMetadataCommand(IBufferWriter<byte> output, ReadOnlySpan<byte> name)
    {
        var dataLength = LocalMetadata.GetEncodedLength();
        var length = ZmtpCommand.GetFrameLength(name.Length, dataLength);
        var span = output.GetSpan(length);
        var start = ZmtpCommand.WriteStart(span, name, dataLength);
        LocalMetadata.WriteTo(span[start..]);
        output.Advance(length);
    }

    private ZmtpAuthenticationException FailAuth(int statusCode, string message, bool sendError)
    {
        var failure = new ZmtpAuthenticationException(statusCode, message);
        Failure = failure;
        _pendingError = sendError ? ErrorData(statusCode.ToString(CultureInfo.InvariantCulture)) : null;
        return failure;
    }

    /// <summary>
    /// The peer sent ERROR. A ZAP status code as its reason (300, 400, 500: libzmq's servers send exactly that) is an
    /// authentication failure; anything else a rejection. An ERROR is never answered with another.
    /// </summary>
    private Exception RejectedByPeer(ReadOnlySpan<byte> data)
    {
        string reason;
        try
        {
            reason = ZmtpErrorCommand.ParseReason(data);
        }
        catch (ZmtpProtocolException e)
        {
            return Fail(new ZmtpProtocolException(e.Error, ZmqProtocolError.ZmtpMalformedCommandError, e.Message), errorReason: null);
        }

        if (reason is ['3' or '4' or '5', '0', '0'])
        {
            return FailAuth(int.Parse(reason, CultureInfo.InvariantCulture), $"the peer refused the {Name} handshake with ZAP status {reason}", sendError: false);
        }

        return Fail(new ZmtpProtocolException(ZmtpError.HandshakeRejected, $"peer rejected the {Name} handshake with ERROR \"{reason}\""), errorReason: null);
    }

    private static byte[] ErrorData(string reason)
    {
        var bytes = Encoding.UTF8.GetBytes(reason);
        var data = new byte[1 + Math.Min(bytes.Length, ZmtpErrorCommand.MaxReasonLength)];
        data[0] = (byte)(data.Length - 1);
        bytes.AsSpan(0, data.Length - 1).CopyTo(data.AsSpan(1));
        return data;
    }
}
