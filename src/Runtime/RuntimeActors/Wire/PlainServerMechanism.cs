using System.Buffers;
using RuntimeActors.Security;

namespace RuntimeActors.Wire;

/// <summary>
/// The server side of PLAIN (RFC 24): HELLO's user name and password go to ZAP; if it allows them, WELCOME, then the
/// client's INITIATE with its metadata, and our READY. As in libzmq, a PLAIN server without a ZAP handler refuses
/// every client: there would be nothing to check the password against.
/// </summary>
internal sealed class PlainServerMechanism : ZmtpMechanismBase
{
    private State _state = State.ExpectHello;

    /// <param name="localMetadata">What READY announces.</param>
    /// <param name="security">The ZAP domain and handler.</param>
    /// <param name="peerAddress">The client's address for ZAP.</param>
    public PlainServerMechanism(ZmtpMetadata localMetadata, ZmtpSecurity security, string peerAddress)
        : base(localMetadata, security, peerAddress)
    {
    }

    private enum State
    {
        ExpectHello,
        SendWelcome,
        ExpectInitiate,
        SendReady,
        Ready,
    }

    /// <inheritdoc />
    public override string Name => PlainClientMechanism.MechanismName;

    /// <inheritdoc />
    public override bool AsServer => true;

    /// <inheritdoc />
    protected override bool IsReady => _state == State.Ready;

    /// <inheritdoc />
    protected override bool AcceptsError => false;

    /// <inheritdoc />
    protected override bool TryWriteHandshakeCommand(IBufferWriter<byte> output)
    {
        switch (_state)
        {
            case State.SendWelcome:
                WriteCommand(output, ZmtpPlainCommands.Welcome, default);
                _state = State.ExpectInitiate;
                return true;
            case State.SendReady:
                WriteMetadataCommand(output, ZmtpCommandNames.Ready);
                _state = State.Ready;
                return true;
            default:
                return false;
        }
    }

    /// <inheritdoc />
    protected override void ProcessHandshakeCommand(ZmtpCommand command)
    {
        if (_state == State.ExpectHello && command.Name.SequenceEqual(ZmtpPlainCommands.Hello))
        {
            ProcessHello(command.Data);
        }
        else if (_state == State.ExpectInitiate && command.Name.SequenceEqual(ZmtpPlainCommands.Initiate))
        {
            AcceptPeerMetadata(command.Data, "INITIATE", ZmqProtocolError.ZmtpMalformedCommandInitiate);
            _state = State.SendReady;
        }
        else
        {
            throw Unexpected(command, _state == State.ExpectHello ? "HELLO" : "INITIATE");
        }
    }

    /// <inheritdoc />
    protected override void OnZapApproved() => _state = State.SendWelcome;

    /// <inheritdoc />
    protected override void OnNoZapHandler(ZapRequest request) => throw FailNoHandler(request);

    private void ProcessHello(ReadOnlySpan<byte> data)
    {
        // hello = username-length username password-length password, nothing after (libzmq checks the same).
        if (data.IsEmpty)
        {
            throw Malformed(ZmqProtocolError.ZmtpMalformedCommandHello, "HELLO has no user name");
        }

        int usernameLength = data[0];
        if (data.Length < 2 + usernameLength)
        {
            throw Malformed(ZmqProtocolError.ZmtpMalformedCommandHello, $"HELLO's user name of {usernameLength} bytes and password length do not fit in its {data.Length} bytes");
        }

        int passwordLength = data[1 + usernameLength];
        if (data.Length != 2 + usernameLength + passwordLength)
        {
            throw Malformed(ZmqProtocolError.ZmtpMalformedCommandHello, $"HELLO's password of {passwordLength} bytes does not end its {data.Length} bytes");
        }

        RequestZap(data.Slice(1, usernameLength).ToArray(), data.Slice(2 + usernameLength, passwordLength).ToArray());
    }
}
