using System.Buffers;
using System.Buffers.Binary;
using RuntimeActors.Wire;

namespace RuntimeActors.Security;

/// <summary>
/// The client side of CURVE (RFC 25/26 as libzmq 4.3.4 speaks it): HELLO (200 bytes, 72 of padding) proves we hold a
/// fresh short-term key; WELCOME brings the server's short-term key and a cookie; INITIATE returns the cookie with our
/// long-term key, the vouch and our metadata; READY brings the server's metadata. From then on every frame is a
/// MESSAGE box (<see cref="CurveCipher"/>).
/// </summary>
internal sealed class CurveClientMechanism : ZmtpMechanismBase
{
    /// <summary>The mechanism name in the greeting.</summary>
    public const string MechanismName = "CURVE";

    private const int HelloDataLength = 194;
    private const int WelcomeDataLength = 160;

    private readonly byte[] _publicKey;
    private readonly byte[] _secretKey;
    private readonly byte[] _serverKey;
    private readonly byte[] _shortPublic = new byte[Sodium.PublicKeyBytes];
    private readonly byte[] _shortSecret = new byte[Sodium.SecretKeyBytes];
    private readonly byte[] _serverShortPublic = new byte[Sodium.PublicKeyBytes];
    private readonly byte[] _cookie = new byte[96];
    private readonly byte[] _sharedKey = new byte[Sodium.SharedKeyBytes];
    private ulong _nonce = 1;
    private State _state = State.SendHello;
    private CurveCipher? _cipher;

    /// <param name="localMetadata">What INITIATE announces.</param>
    /// <param name="security">Our long-term key pair and the server's public key.</param>
    public CurveClientMechanism(ZmtpMetadata localMetadata, ZmtpSecurity security)
        : base(localMetadata, security, "")
    {
        _publicKey = security.CurvePublicKey.ToArray();
        _secretKey = security.CurveSecretKey.ToArray();
        _serverKey = security.CurveServerKey.ToArray();
        if (_publicKey.Length != Sodium.PublicKeyBytes || _secretKey.Length != Sodium.SecretKeyBytes || _serverKey.Length != Sodium.PublicKeyBytes)
        {
            throw new ArgumentException("A CURVE client needs its 32-byte key pair and the server's 32-byte public key.", nameof(security));
        }

        Sodium.BoxKeyPair(_shortPublic, _shortSecret);
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
    public override IZmtpCipher? Cipher => _cipher;

    /// <inheritdoc />
    protected override bool AcceptsError => _state is State.ExpectWelcome or State.ExpectReady;

    /// <inheritdoc />
    protected override bool TryWriteHandshakeCommand(IBufferWriter<byte> output)
    {
        switch (_state)
        {
            case State.SendHello:
                WriteHello(output);
                _state = State.ExpectWelcome;
                return true;
            case State.SendInitiate:
                WriteInitiate(output);
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
            ProcessWelcome(command.Data);
        }
        else if (_state == State.ExpectReady && command.Kind == ZmtpCommandKind.Ready)
        {
            ProcessReady(command.Data);
        }
        else
        {
            throw Unexpected(command, _state == State.ExpectWelcome ? "WELCOME or ERROR" : "READY or ERROR");
        }
    }

    /// <inheritdoc />
    protected override void OnZapApproved() => throw new InvalidOperationException("A CURVE client never asks ZAP.");

    private void WriteHello(IBufferWriter<byte> output)
    {
        // hello data = version (1, 0) + 72 bytes of anti-amplification padding + C' + short nonce + Box[64 zeros](C'->S)
        Span<byte> data = stackalloc byte[HelloDataLength];
        data.Clear();
        data[0] = 1;
        _shortPublic.CopyTo(data[74..]);
        var shortNonce = _nonce++;
        BinaryPrimitives.WriteUInt64BigEndian(data[106..], shortNonce);
        Span<byte> nonce = stackalloc byte[Sodium.NonceBytes];
        CurveNonces.Counted(nonce, CurveNonces.Hello, shortNonce);
        Span<byte> zeros = stackalloc byte[64];
        zeros.Clear();
        if (!Sodium.BoxEasy(data[114..], zeros, nonce, _serverKey, _shortSecret))
        {
            throw Cryptographic("the server's public key (CurveServerKey) cannot be used: it is all zeros or of low order");
        }

        WriteCommand(output, ZmtpPlainCommands.Hello, data);
    }

    private void ProcessWelcome(ReadOnlySpan<byte> data)
    {
        // libzmq raises CRYPTOGRAPHIC for a WELCOME of the wrong size too: process_welcome fails before looking inside.
        if (data.Length != WelcomeDataLength)
        {
            throw Cryptographic($"WELCOME has {data.Length + 8} bytes; it has 168");
        }

        Span<byte> nonce = stackalloc byte[Sodium.NonceBytes];
        CurveNonces.Long(nonce, CurveNonces.Welcome, data[..16]);
        Span<byte> plain = stackalloc byte[128];
        if (!Sodium.BoxOpenEasy(plain, data[16..], nonce, _serverKey, _shortSecret))
        {
            throw Cryptographic("the WELCOME box does not open: the server does not hold the secret key of CurveServerKey, or the box was altered");
        }

        plain[..32].CopyTo(_serverShortPublic);
        plain[32..].CopyTo(_cookie);
        if (!Sodium.BoxBeforeNm(_sharedKey, _serverShortPublic, _shortSecret))
        {
            throw Cryptographic("the server's short-term key in WELCOME cannot be used");
        }

        _state = State.SendInitiate;
    }

    private void WriteInitiate(IBufferWriter<byte> output)
    {
        // vouch = Box[C' + S](C->S'), under "VOUCH---" + 16 random bytes
        Span<byte> vouchNonce = stackalloc byte[Sodium.NonceBytes];
        Span<byte> random = stackalloc byte[16];
        Sodium.RandomBytes(random);
        CurveNonces.Long(vouchNonce, CurveNonces.Vouch, random);
        Span<byte> vouchPlain = stackalloc byte[64];
        _shortPublic.CopyTo(vouchPlain);
        _serverKey.CopyTo(vouchPlain[32..]);
        Span<byte> vouch = stackalloc byte[80];
        if (!Sodium.BoxEasy(vouch, vouchPlain, vouchNonce, _serverShortPublic, _secretKey))
        {
            throw Cryptographic("our long-term secret key (CurveSecretKey) cannot vouch for the short-term key");
        }

        // initiate data = cookie + short nonce + Box[C + vouch nonce + vouch + metadata](C'->S')
        var metadataLength = LocalMetadata.GetEncodedLength();
        var plain = new byte[128 + metadataLength];
        _publicKey.CopyTo(plain, 0);
        random.CopyTo(plain.AsSpan(32));
        vouch.CopyTo(plain.AsSpan(48));
        LocalMetadata.WriteTo(plain.AsSpan(128));

        var data = new byte[96 + 8 + Sodium.MacBytes + plain.Length];
        _cookie.CopyTo(data, 0);
        var shortNonce = _nonce++;
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(96), shortNonce);
        Span<byte> nonce = stackalloc byte[Sodium.NonceBytes];
        CurveNonces.Counted(nonce, CurveNonces.Initiate, shortNonce);
        var box = data.AsSpan(104);
        Sodium.BoxDetachedAfterNm(box[Sodium.MacBytes..], box[..Sodium.MacBytes], plain, nonce, _sharedKey);
        WriteCommand(output, ZmtpPlainCommands.Initiate, data);
    }

    private void ProcessReady(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8 + Sodium.MacBytes)
        {
            throw Malformed(ZmqProtocolError.ZmtpMalformedCommandReady, $"READY has {data.Length + 6} bytes; it has at least 30");
        }

        var peerNonce = BinaryPrimitives.ReadUInt64BigEndian(data);
        Span<byte> nonce = stackalloc byte[Sodium.NonceBytes];
        CurveNonces.Received(nonce, CurveNonces.Ready, data);
        var metadata = new byte[data.Length - 8 - Sodium.MacBytes];
        if (!Sodium.BoxOpenDetachedAfterNm(metadata, data[(8 + Sodium.MacBytes)..], data.Slice(8, Sodium.MacBytes), nonce, _sharedKey))
        {
            throw Cryptographic("the READY box does not open");
        }

        AcceptPeerMetadata(metadata, "READY");
        _cipher = new CurveCipher(_sharedKey, CurveNonces.MessageFromClient, CurveNonces.MessageFromServer, _nonce, peerNonce);
        _state = State.Ready;
    }
}
