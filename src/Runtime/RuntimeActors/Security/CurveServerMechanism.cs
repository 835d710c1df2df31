using System.Buffers;
using System.Buffers.Binary;
using RuntimeActors.Wire;

namespace RuntimeActors.Security;

/// <summary>
/// The server side of CURVE (RFC 25/26 as libzmq 4.3.4 speaks it). HELLO must open under our long-term secret key;
/// WELCOME sends a fresh short-term key and a cookie (our short-term secret, sealed under a key of this connection
/// only, so the server keeps no state a flood of HELLOs could grow); INITIATE must return the cookie, the client's
/// long-term key and a vouch for its short-term key. ZAP is then asked about the client's long-term key, and READY
/// sent with our metadata.
/// </summary>
internal sealed class CurveServerMechanism : ZmtpMechanismBase
{
    private const int HelloDataLength = 194;
    private const int MinInitiateDataLength = 248;

    private readonly byte[] _secretKey;
    private readonly byte[] _shortPublic = new byte[Sodium.PublicKeyBytes];
    private readonly byte[] _shortSecret = new byte[Sodium.SecretKeyBytes];
    private readonly byte[] _clientShortPublic = new byte[Sodium.PublicKeyBytes];
    private readonly byte[] _cookieKey = new byte[Sodium.SecretBoxKeyBytes];
    private readonly byte[] _sharedKey = new byte[Sodium.SharedKeyBytes];
    private ulong _nonce = 1;
    private ulong _peerNonce;
    private State _state = State.ExpectHello;
    private CurveCipher? _cipher;

    /// <param name="localMetadata">What READY announces.</param>
    /// <param name="security">Our long-term secret key, the ZAP domain and handler.</param>
    /// <param name="peerAddress">The client's address for ZAP.</param>
    public CurveServerMechanism(ZmtpMetadata localMetadata, ZmtpSecurity security, string peerAddress)
        : base(localMetadata, security, peerAddress)
    {
        _secretKey = security.CurveSecretKey.ToArray();
        if (_secretKey.Length != Sodium.SecretKeyBytes)
        {
            throw new ArgumentException("A CURVE server needs its 32-byte secret key.", nameof(security));
        }

        Sodium.BoxKeyPair(_shortPublic, _shortSecret);
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
    public override string Name => CurveClientMechanism.MechanismName;

    /// <inheritdoc />
    public override bool AsServer => true;

    /// <inheritdoc />
    protected override bool IsReady => _state == State.Ready;

    /// <inheritdoc />
    public override IZmtpCipher? Cipher => _cipher;

    /// <inheritdoc />
    protected override bool AcceptsError => false;

    /// <inheritdoc />
    protected override bool TryWriteHandshakeCommand(IBufferWriter<byte> output)
    {
        switch (_state)
        {
            case State.SendWelcome:
                WriteWelcome(output);
                _state = State.ExpectInitiate;
                return true;
            case State.SendReady:
                WriteReady(output);
                _cipher = new CurveCipher(_sharedKey, CurveNonces.MessageFromServer, CurveNonces.MessageFromClient, _nonce, _peerNonce);
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
            ProcessInitiate(command.Data);
        }
        else
        {
            throw Unexpected(command, _state == State.ExpectHello ? "HELLO" : "INITIATE");
        }
    }

    /// <inheritdoc />
    protected override void OnZapApproved() => _state = State.SendReady;

    private void ProcessHello(ReadOnlySpan<byte> data)
    {
        if (data.Length != HelloDataLength)
        {
            throw Malformed(ZmqProtocolError.ZmtpMalformedCommandHello, $"HELLO has {data.Length + 6} bytes; it has 200");
        }

        if (data[0] != 1 || data[1] != 0)
        {
            throw Malformed(ZmqProtocolError.ZmtpMalformedCommandHello, $"HELLO names CurveZMQ version {data[0]}.{data[1]}; this server speaks 1.0");
        }

        data.Slice(74, 32).CopyTo(_clientShortPublic);
        _peerNonce = BinaryPrimitives.ReadUInt64BigEndian(data[106..]);
        Span<byte> nonce = stackalloc byte[Sodium.NonceBytes];
        CurveNonces.Received(nonce, CurveNonces.Hello, data[106..]);
        Span<byte> plain = stackalloc byte[64];
        if (!Sodium.BoxOpenEasy(plain, data[114..], nonce, _clientShortPublic, _secretKey))
        {
            throw Cryptographic("the HELLO box does not open: the client uses another server key, or the box was altered");
        }

        _state = State.SendWelcome;
    }

    private void WriteWelcome(IBufferWriter<byte> output)
    {
        // cookie = "COOKIE--" nonce tail + SecretBox[C' + s'](K), K fresh for this connection
        Sodium.RandomBytes(_cookieKey);
        Span<byte> cookieNonceTail = stackalloc byte[16];
        Sodium.RandomBytes(cookieNonceTail);
        Span<byte> cookieNonce = stackalloc byte[Sodium.NonceBytes];
        CurveNonces.Long(cookieNonce, CurveNonces.Cookie, cookieNonceTail);
        Span<byte> cookiePlain = stackalloc byte[64];
        _clientShortPublic.CopyTo(cookiePlain);
        _shortSecret.CopyTo(cookiePlain[32..]);

        // welcome box plaintext = S' + cookie nonce tail + cookie box
        Span<byte> plain = stackalloc byte[128];
        _shortPublic.CopyTo(plain);
        cookieNonceTail.CopyTo(plain[32..]);
        Sodium.SecretBoxEasy(plain[48..], cookiePlain, cookieNonce, _cookieKey);
        Sodium.MemZero(cookiePlain);

        Span<byte> data = stackalloc byte[160];
        Sodium.RandomBytes(data[..16]);
        Span<byte> nonce = stackalloc byte[Sodium.NonceBytes];
        CurveNonces.Long(nonce, CurveNonces.Welcome, data[..16]);
        if (!Sodium.BoxEasy(data[16..], plain, nonce, _clientShortPublic, _secretKey))
        {
            throw Cryptographic("the client's short-term key in HELLO cannot be used");
        }

        WriteCommand(output, ZmtpPlainCommands.Welcome, data);
    }

    private void ProcessInitiate(ReadOnlySpan<byte> data)
    {
        if (data.Length < MinInitiateDataLength)
        {
            throw Malformed(ZmqProtocolError.ZmtpMalformedCommandInitiate, $"INITIATE has {data.Length + 9} bytes; it has at least 257");
        }

        // The cookie must open under this connection's key and hold the client's short-term key and our short-term secret.
        Span<byte> cookieNonce = stackalloc byte[Sodium.NonceBytes];
        CurveNonces.Long(cookieNonce, CurveNonces.Cookie, data[..16]);
        Span<byte> cookiePlain = stackalloc byte[64];
        if (!Sodium.SecretBoxOpenEasy(cookiePlain, data.Slice(16, 80), cookieNonce, _cookieKey)
            || !cookiePlain[..32].SequenceEqual(_clientShortPublic)
            || !cookiePlain[32..].SequenceEqual(_shortSecret))
        {
            throw Cryptographic("the cookie in INITIATE is not the one this server sent");
        }

        Sodium.MemZero(cookiePlain);
        _peerNonce = BinaryPrimitives.ReadUInt64BigEndian(data[96..]);
        Span<byte> nonce = stackalloc byte[Sodium.NonceBytes];
        CurveNonces.Received(nonce, CurveNonces.Initiate, data[96..]);
        var box = data[104..];
        var plain = new byte[box.Length - Sodium.MacBytes];
        if (!Sodium.BoxOpenEasy(plain, box, nonce, _clientShortPublic, _shortSecret))
        {
            throw Cryptographic("the INITIATE box does not open");
        }

        // plain = C (client's long-term key) + vouch nonce tail + vouch + metadata
        var clientKey = plain.AsSpan(0, 32);
        Span<byte> vouchNonce = stackalloc byte[Sodium.NonceBytes];
        CurveNonces.Long(vouchNonce, CurveNonces.Vouch, plain.AsSpan(32, 16));
        Span<byte> vouchPlain = stackalloc byte[64];
        if (!Sodium.BoxOpenEasy(vouchPlain, plain.AsSpan(48, 80), vouchNonce, clientKey, _shortSecret))
        {
            throw Cryptographic("the vouch in INITIATE does not open under the client's long-term key");
        }

        if (!vouchPlain[..32].SequenceEqual(_clientShortPublic))
        {
            throw Fail(
                new ZmtpProtocolException(ZmtpError.KeyExchange, ZmqProtocolError.ZmtpKeyExchange, "CURVE handshake: the vouch names another short-term key than HELLO's"),
                errorReason: null);
        }

        if (!Sodium.BoxBeforeNm(_sharedKey, _clientShortPublic, _shortSecret))
        {
            throw Cryptographic("the client's short-term key cannot be used");
        }

        AcceptPeerMetadata(plain.AsSpan(128), "INITIATE");
        RequestZap(clientKey.ToArray());
    }

    private void WriteReady(IBufferWriter<byte> output)
    {
        var metadataLength = LocalMetadata.GetEncodedLength();
        var data = new byte[8 + Sodium.MacBytes + metadataLength];
        var shortNonce = _nonce++;
        BinaryPrimitives.WriteUInt64BigEndian(data, shortNonce);
        Span<byte> nonce = stackalloc byte[Sodium.NonceBytes];
        CurveNonces.Counted(nonce, CurveNonces.Ready, shortNonce);
        var boxed = data.AsSpan(8 + Sodium.MacBytes);
        LocalMetadata.WriteTo(boxed);
        Sodium.BoxDetachedAfterNm(boxed, data.AsSpan(8, Sodium.MacBytes), boxed, nonce, _sharedKey);
        WriteCommand(output, ZmtpCommandNames.Ready, data);
    }
}
