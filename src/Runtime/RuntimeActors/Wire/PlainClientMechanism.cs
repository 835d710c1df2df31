using System.Buffers;
using System.Text;
using RuntimeActors.Security;

namespace RuntimeActors.Wire;

/// <summary>
/// The client side of PLAIN (RFC 24): HELLO with user name and password, then, after WELCOME, INITIATE with our
/// metadata, and READY with the server's. The credentials travel in clear: PLAIN is for trusted networks, or under
/// a transport that encrypts.
/// </summary>
internal sealed class PlainClientMechanism : ZmtpMechanismBase
{
    /// <summary>The mechanism name in the greeting.</summary>
    public const string MechanismName = "PLAIN";

    private readonly byte[] _hello;
    private State _state = State.SendHello;

    /// <param name="localMetadata">What INITIATE announces.</param>
    /// <param name="security">Holds the user name and password.</param>
    public PlainClientMechanism(ZmtpMetadata localMetadata, ZmtpSecurity security)
        : base(localMetadata, security, "")
    {
        var username = Encoding.UTF8.GetBytes(security.PlainUsername ?? "");
        var password = Encoding.UTF8.GetBytes(security.PlainPassword ?? "");
        if (username.Length is 0 or > 255 || password.Length > 255)
        {
            throw new ArgumentException("A PLAIN user name has 1 to 255 bytes and a password at most 255.", nameof(security));
        }

        _hello = new byte[2 + username.Length + password.Length];
        _hello[0] = (byte)username.Length;
        username.CopyTo(_hello, 1);
        _hello[1 + username.Length] = (byte)password.Length;
        password.CopyTo(_hello, 2 + username.Length);
    }

    private enum State
    {
        SendHello,
        ExpectWelcome,
        SendInitiate,
        ExpectReady,
        Ready,
    }

    /// <inheritdoc />
    public override string Name => MechanismName;

    /// <inheritdoc />
    protected override bool IsReady => _state == State.Ready;

    /// <inheritdoc />
    protected override bool AcceptsError => _state is State.ExpectWelcome or State.ExpectReady;

    /// <summary>
    /// libzmq's PLAIN server (4.3.4, and still in its master) writes ERROR from the C string "\x05ERROR", which C reads
    /// as the one hex escape \x05E: the command goes out as "^RROR" with no name length, then the reason. Its PLAIN
    /// client expects exactly that, so libzmq never notices; read as ZMTP, the name length 94 overruns the command.
    /// Taking it as ERROR lets a refusal by libzmq's ZAP show as the auth failure (400) it is.
    /// </summary>
    protected override ReadOnlySpan<byte> PeerErrorAlias => "^RROR"u8;

    /// <inheritdoc />
    protected override bool TryWriteHandshakeCommand(IBufferWriter<byte> output)
    {
        switch (_state)
        {
            case State.SendHello:
                WriteCommand(output, ZmtpPlainCommands.Hello, _hello);
                _state = State.ExpectWelcome;
                return true;
            case State.SendInitiate:
                WriteMetadataCommand(output, ZmtpPlainCommands.Initiate);
                _state = State.ExpectReady;
                return true;
            default:
                return false;
        }
    }

    /// <inheritdoc />
    protected override void ProcessHandshakeCommand(ZmtpCommand command)
    {
        if (_state == State.ExpectWelcome && command.Name.SequenceEqual(ZmtpPlainCommands.Welcome))
        {
            if (!command.Data.IsEmpty)
            {
                throw Malformed(ZmqProtocolError.ZmtpMalformedCommandWelcome, $"WELCOME carries {command.Data.Length} bytes; it has none");
            }

            _state = State.SendInitiate;
        }
        else if (_state == State.ExpectReady && command.Kind == ZmtpCommandKind.Ready)
        {
            AcceptPeerMetadata(command.Data, "READY", ZmqProtocolError.ZmtpMalformedCommandReady);
            _state = State.Ready;
        }
        else
        {
            throw Unexpected(command, _state == State.ExpectWelcome ? "WELCOME or ERROR" : "READY or ERROR");
        }
    }

    /// <inheritdoc />
    protected override void OnZapApproved() => throw new InvalidOperationException("A PLAIN client never asks ZAP.");
}
