using System.Buffers.Binary;
using RuntimeActors.Wire;

namespace RuntimeActors.Security;

/// <summary>
/// CURVE's data phase as libzmq 4.3.4 puts it on the wire (curve_encoding_t): each frame's body is
/// <c>"\x07MESSAGE" + short nonce (8) + MAC (16) + box(flags (1) + payload)</c>, boxed with the connection's
/// precomputed key under the nonce prefix of its direction. Both directions count their own nonces; a received nonce
/// that is not larger than the last one ends the connection, so a recorded message cannot be replayed.
/// </summary>
/// <remarks>The write loop uses only the sealing half and the read loop only the opening half, so neither locks.</remarks>
internal sealed class CurveCipher : IZmtpCipher
{
    /// <summary>The name of the data-phase box with its length byte.</summary>
    internal static ReadOnlySpan<byte> MessagePrefix => "\x07MESSAGE"u8;

    private const int PrefixLength = 8;
    private const int ShortNonceLength = 8;
    private const int MacOffset = PrefixLength + ShortNonceLength;
    private const int FlagsOffset = MacOffset + Sodium.MacBytes;
    private const byte MoreFlag = 1;
    private const byte CommandFlag = 2;

    private readonly byte[] _sharedKey;
    private readonly byte[] _sealNoncePrefix;
    private readonly byte[] _openNoncePrefix;
    private ulong _nextNonce;
    private ulong _lastPeerNonce;

    /// <param name="sharedKey">The precomputed key of the two short-term key pairs (crypto_box_beforenm).</param>
    /// <param name="sealNoncePrefix">"CurveZMQMESSAGEC" for a client, "CurveZMQMESSAGES" for a server.</param>
    /// <param name="openNoncePrefix">The other one.</param>
    /// <param name="nextNonce">Our next nonce: the handshake used the ones before it.</param>
    /// <param name="lastPeerNonce">The peer's last handshake nonce: its messages must count up from there.</param>
    public CurveCipher(byte[] sharedKey, ReadOnlySpan<byte> sealNoncePrefix, ReadOnlySpan<byte> openNoncePrefix, ulong nextNonce, ulong lastPeerNonce)
    {
        _sharedKey = sharedKey;
        _sealNoncePrefix = sealNoncePrefix.ToArray();
        _openNoncePrefix = openNoncePrefix.ToArray();
        _nextNonce = nextNonce;
        _lastPeerNonce = lastPeerNonce;
    }

    /// <inheritdoc />
    public int Overhead => FlagsOffset + 1;

    /// <inheritdoc />
    public void SealInPlace(Span<byte> body, bool more, bool command)
    {
        Span<byte> nonce = stackalloc byte[Sodium.NonceBytes];
        _sealNoncePrefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[16..], _nextNonce++);

        MessagePrefix.CopyTo(body);
        nonce[16..].CopyTo(body[PrefixLength..]);
        body[FlagsOffset] = (byte)((more ? MoreFlag : 0) | (command ? CommandFlag : 0));
        var boxed = body[FlagsOffset..];
        Sodium.BoxDetachedAfterNm(boxed, body.Slice(MacOffset, Sodium.MacBytes), boxed, nonce, _sharedKey);
    }

    /// <inheritdoc />
    public void OpenInPlace(Span<byte> body, out bool more, out bool command)
    {
        if (body.Length < PrefixLength || !body[..PrefixLength].SequenceEqual(MessagePrefix))
        {
            throw new ZmtpProtocolException(
                ZmtpError.UnexpectedCommand,
                ZmqProtocolError.ZmtpUnexpectedCommand,
                $"a CURVE connection received a {body.Length}-byte frame that is not a MESSAGE box; every frame travels encrypted after the handshake")
            {
                RaisedByMechanism = true,
            };
        }

        if (body.Length < Overhead)
        {
            throw new ZmtpProtocolException(
                ZmtpError.MalformedCommand,
                ZmqProtocolError.ZmtpMalformedCommandMessage,
                $"a CURVE MESSAGE of {body.Length} bytes is shorter than its {Overhead} bytes of name, nonce, MAC and flags")
            {
                RaisedByMechanism = true,
            };
        }

        var shortNonce = BinaryPrimitives.ReadUInt64BigEndian(body[PrefixLength..]);
        if (shortNonce <= _lastPeerNonce)
        {
            throw new ZmtpProtocolException(
                ZmtpError.InvalidSequence,
                ZmqProtocolError.ZmtpInvalidSequence,
                $"a CURVE MESSAGE has nonce {shortNonce}, not larger than the last one ({_lastPeerNonce}): replayed or reordered")
            {
                RaisedByMechanism = true,
            };
        }

        _lastPeerNonce = shortNonce;
        Span<byte> nonce = stackalloc byte[Sodium.NonceBytes];
        _openNoncePrefix.CopyTo(nonce);
        body.Slice(PrefixLength, ShortNonceLength).CopyTo(nonce[16..]);
        var boxed = body[FlagsOffset..];
        if (!Sodium.BoxOpenDetachedAfterNm(boxed, boxed, body.Slice(MacOffset, Sodium.MacBytes), nonce, _sharedKey))
        {
            throw new ZmtpProtocolException(
                ZmtpError.Cryptographic,
                ZmqProtocolError.ZmtpCryptographic,
                $"a CURVE MESSAGE box of {body.Length} bytes (nonce {shortNonce}) does not open: corrupted or forged")
            {
                RaisedByMechanism = true,
            };
        }

        var flags = body[FlagsOffset];
        more = (flags & MoreFlag) != 0;
        command = (flags & CommandFlag) != 0;
    }
}
