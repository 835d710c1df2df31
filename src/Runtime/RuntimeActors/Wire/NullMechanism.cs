using System.Buffers;
using RuntimeActors.Sockets;

namespace RuntimeActors.Wire;

/// <summary>
/// The NULL security mechanism (RFC 37 "The NULL Security Mechanism"): each side sends READY
/// with its metadata and expects READY back. No authentication, no confidentiality.
/// </summary>
/// <remarks>
/// Like libzmq, both sides send READY at once instead of the server waiting for the client's;
/// RFC 37 allows it and it saves a round trip. The peer's Socket-Type is checked against ours,
/// and a rejected peer is sent an ERROR before the connection closes, as RFC 37 recommends.
/// </remarks>
internal sealed class NullMechanism : IZmtpMechanism
{
    /// <summary>The mechanism name in the greeting.</summary>
    public const string MechanismName = "NULL";

    private readonly ZmtpMetadata _localMetadata;
    private readonly SocketType _localType;
    private bool _readySent;
    private string? _pendingErrorReason;

    /// <summary>Creates the mechanism for one connection.</summary>
    /// <param name="localMetadata">What our READY announces; must hold a valid Socket-Type (see <see cref="ZmtpMetadata.ForSocket"/>).</param>
    public NullMechanism(ZmtpMetadata localMetadata)
    {
        ArgumentNullException.ThrowIfNull(localMetadata);
        if (!localMetadata.TryGetValue(ZmtpMetadata.SocketTypeProperty, out var socketType)
            || !ZmtpSocketTypeNames.TryParse(socketType.Span, out _localType))
        {
            throw new ArgumentException("Our metadata must announce one of this runtime's socket types in Socket-Type.", nameof(localMetadata));
        }

        _localMetadata = localMetadata;
    }

    /// <inheritdoc />
    public string Name => MechanismName;

    /// <inheritdoc />
    /// <remarks>RFC 37 requires as-server to be zero with NULL.</remarks>
    public bool AsServer => false;

    /// <inheritdoc />
    public ZmtpMechanismStatus Status =>
        Failure is not null ? ZmtpMechanismStatus.Error
        : _readySent && PeerMetadata is not null ? ZmtpMechanismStatus.Ready
        : ZmtpMechanismStatus.Handshaking;

    /// <inheritdoc />
    public ZmtpMetadata? PeerMetadata { get; private set; }

    /// <inheritdoc />
    public ZmtpProtocolException? Failure { get; private set; }

    /// <inheritdoc />
    public bool TryWriteNextCommand(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Failure is not null)
        {
            if (_pendingErrorReason is null)
            {
                return false;
            }

            var errorLength = ZmtpErrorCommand.GetFrameLength(_pendingErrorReason);
            output.Advance(ZmtpErrorCommand.Write(output.GetSpan(errorLength), _pendingErrorReason));
            _pendingErrorReason = null;
            return true;
        }

        if (_readySent)
        {
            return false;
        }

        var readyLength = ZmtpReadyCommand.GetFrameLength(_localMetadata);
        output.Advance(ZmtpReadyCommand.Write(output.GetSpan(readyLength), _localMetadata));
        _readySent = true;
        return true;
    }

    /// <inheritdoc />
    public void ProcessCommand(ReadOnlySpan<byte> commandBody)
    {
        if (Failure is not null)
        {
            throw new InvalidOperationException("The NULL handshake already failed; the connection must be closed.", Failure);
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

        if (PeerMetadata is not null)
        {
            throw Fail(
                new ZmtpProtocolException(ZmtpError.UnexpectedCommand, $"NULL handshake got command \"{ZmtpText.Describe(command.Name)}\" after the peer's READY"),
                "Unexpected command");
        }

        switch (command.Kind)
        {
            case ZmtpCommandKind.Ready:
                AcceptReady(command.Data);
                break;
            case ZmtpCommandKind.Error:
                RejectedByPeer(command.Data);
                break;
            default:
                throw Fail(
                    new ZmtpProtocolException(ZmtpError.UnexpectedCommand, $"NULL handshake expected READY or ERROR, got command \"{ZmtpText.Describe(command.Name)}\""),
                    "Unexpected command");
        }
    }

    private void AcceptReady(ReadOnlySpan<byte> data)
    {
        ZmtpMetadata metadata;
        SocketType peerType;
        try
        {
            metadata = ZmtpReadyCommand.Parse(data);
            peerType = metadata.ReadSocketType();
        }
        catch (ZmtpProtocolException e)
        {
            throw Fail(e, e.Error == ZmtpError.MalformedMetadata ? "Malformed READY" : "Invalid Socket-Type");
        }

        if (!SocketTypeCompatibility.AreCompatible(_localType, peerType))
        {
            var ours = ZmtpSocketTypeNames.ToWireName(_localType);
            var theirs = ZmtpSocketTypeNames.ToWireName(peerType);
            throw Fail(
                new ZmtpProtocolException(ZmtpError.IncompatibleSocketType, $"peer Socket-Type {theirs} cannot talk to our {ours} socket"),
                $"Socket-Type {theirs} cannot talk to {ours}");
        }

        PeerMetadata = metadata;
    }

    private void RejectedByPeer(ReadOnlySpan<byte> data)
    {
        string reason;
        try
        {
            reason = ZmtpErrorCommand.ParseReason(data);
        }
        catch (ZmtpProtocolException e)
        {
            throw Fail(e, errorReason: null);
        }

        // An ERROR is never answered with another ERROR.
        throw Fail(new ZmtpProtocolException(ZmtpError.HandshakeRejected, $"peer rejected the NULL handshake with ERROR \"{reason}\""), errorReason: null);
    }

    private ZmtpProtocolException Fail(ZmtpProtocolException failure, string? errorReason)
    {
        Failure = failure;
        _pendingErrorReason = errorReason;
        return failure;
    }
}
