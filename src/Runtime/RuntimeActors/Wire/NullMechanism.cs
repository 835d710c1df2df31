using System.Buffers;
using RuntimeActors.Security;

namespace RuntimeActors.Wire;

/// <summary>
/// The NULL security mechanism (RFC 37 "The NULL Security Mechanism"): each side sends READY
/// with its metadata and expects READY back. No authentication, no confidentiality.
/// </summary>
/// <remarks>
/// Like libzmq, both sides send READY at once instead of the server waiting for the client's;
/// RFC 37 allows it and it saves a round trip. The peer's Socket-Type is checked against ours,
/// and a rejected peer is sent an ERROR before the connection closes, as RFC 37 recommends.
/// A socket with a ZAP domain asks ZAP first and sends READY only once ZAP allowed the peer, as libzmq does
/// (on either side: NULL has no server).
/// </remarks>
internal sealed class NullMechanism : ZmtpMechanismBase
{
    /// <summary>The mechanism name in the greeting.</summary>
    public const string MechanismName = "NULL";

    private bool _readySent;

    /// <summary>Creates the mechanism for one connection without ZAP.</summary>
    /// <param name="localMetadata">What our READY announces; must hold a valid Socket-Type (see <see cref="ZmtpMetadata.ForSocket"/>).</param>
    public NullMechanism(ZmtpMetadata localMetadata)
        : this(localMetadata, ZmtpSecurity.None, "")
    {
    }

    /// <summary>Creates the mechanism for one connection.</summary>
    /// <param name="localMetadata">What our READY announces.</param>
    /// <param name="security">The socket's settings: a ZAP domain makes it ask ZAP before READY.</param>
    /// <param name="peerAddress">The peer's address for ZAP.</param>
    public NullMechanism(ZmtpMetadata localMetadata, ZmtpSecurity security, string peerAddress)
        : base(localMetadata, security, peerAddress)
    {
        if (security.ZapDomain.Length > 0)
        {
            RequestZap();
        }
    }

    /// <inheritdoc />
    public override string Name => MechanismName;

    /// <inheritdoc />
    protected override bool IsReady => _readySent && PeerMetadata is not null;

    /// <inheritdoc />
    protected override bool TryWriteHandshakeCommand(IBufferWriter<byte> output)
    {
        if (_readySent)
        {
            return false;
        }

        WriteMetadataCommand(output, ZmtpCommandNames.Ready);
        _readySent = true;
        return true;
    }

    /// <inheritdoc />
    protected override void ProcessHandshakeCommand(ZmtpCommand command)
    {
        if (PeerMetadata is not null)
        {
            throw Fail(
                new ZmtpProtocolException(ZmtpError.UnexpectedCommand, $"NULL handshake got command \"{ZmtpText.Describe(command.Name)}\" after the peer's READY"),
                "Unexpected command");
        }

        if (command.Kind != ZmtpCommandKind.Ready)
        {
            throw Fail(
                new ZmtpProtocolException(ZmtpError.UnexpectedCommand, $"NULL handshake expected READY or ERROR, got command \"{ZmtpText.Describe(command.Name)}\""),
                "Unexpected command");
        }

        AcceptPeerMetadata(command.Data, "READY", ZmqProtocolError.ZmtpMalformedCommandReady);
    }

    /// <inheritdoc />
    protected override void OnZapApproved()
    {
        // READY goes out with the next TryWriteNextCommand.
    }
}
