using System.Buffers.Binary;
using System.Text;
using RuntimeActors.Security;

namespace RuntimeActors.EndToEnd.Tests.Security;

/// <summary>
/// The client half of CURVE (RFC 25/26) written out byte by byte as libzmq 4.3.4 puts it on the wire, for a raw
/// <see cref="TestKit.ZmtpTestPeer"/> to send whole or damaged: it returns command data (what follows the command
/// name) and MESSAGE frame bodies, and opens what the server answers. Built on libsodium's crypto_box only (through the
/// runtime's bindings), never on the runtime's own CURVE code, so the two can disagree.
/// </summary>
/// <remarks>
/// Client nonces: HELLO 1, INITIATE 2, MESSAGEs 3, 4, ... Server nonces: READY 1, MESSAGEs 2, 3, ...
/// </remarks>
internal sealed class RawCurveClient
{
    private readonly byte[] _serverPublic;
    private readonly byte[] _shortPublic = new byte[32];
    private readonly byte[] _shortSecret = new byte[32];
    private readonly byte[] _serverShortPublic = new byte[32];
    private readonly byte[] _cookie = new byte[96];
    private ulong _lastServerNonce;
    private bool _welcomed;

    /// <param name="serverPublic">The server's long-term public key (S).</param>
    /// <param name="longTerm">Our long-term key pair (C); a fresh one if null.</param>
    public RawCurveClient(ReadOnlyMemory<byte> serverPublic, CurveKeyPair? longTerm = null)
    {
        _serverPublic = serverPublic.ToArray();
        LongTerm = longTerm ?? CurveKeyPair.Generate();
        Sodium.BoxKeyPair(_shortPublic, _shortSecret);
    }

    /// <summary>Our long-term key pair, which ZAP sees.</summary>
    public CurveKeyPair LongTerm { get; }

    /// <summary>The short nonce the next HELLO, INITIATE or MESSAGE carries.</summary>
    public ulong NextNonce { get; set; } = 1;

    /// <summary>
    /// HELLO's 194 bytes of data: version, 72 bytes of padding, C', short nonce, Box[64 zeros](C'->S) under
    /// "CurveZMQHELLO---" + short nonce.
    /// </summary>
    /// <param name="major">The CurveZMQ major version (1).</param>
    /// <param name="minor">The minor version (0).</param>
    /// <param name="zeroShortKey">Announce an all-zero C' (the box is still sealed with our real short-term secret).</param>
    public byte[] Hello(byte major = 1, byte minor = 0, bool zeroShortKey = false)
    {
        var data = new byte[194];
        data[0] = major;
        data[1] = minor;
        if (!zeroShortKey)
        {
            _shortPublic.CopyTo(data, 74);
        }

        var shortNonce = NextNonce++;
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(106), shortNonce);
        Assert.True(Sodium.BoxEasy(data.AsSpan(114, 80), new byte[64], Nonce("CurveZMQHELLO---"u8, shortNonce), _serverPublic, _shortSecret));
        return data;
    }

    /// <summary>Opens WELCOME's 160 bytes of data: 16 random nonce bytes, Box[S' + cookie](S->C') under "WELCOME-" + those.</summary>
    public void OpenWelcome(byte[] data)
    {
        Assert.Equal(160, data.Length);
        var plain = new byte[128];
        Assert.True(Sodium.BoxOpenEasy(plain, data.AsSpan(16), LongNonce("WELCOME-"u8, data.AsSpan(0, 16)), _serverPublic, _shortSecret), "WELCOME does not open");
        plain.AsSpan(0, 32).CopyTo(_serverShortPublic);
        plain.AsSpan(32).CopyTo(_cookie);
        _welcomed = true;
    }

    /// <summary>
    /// INITIATE's data: the cookie, short nonce, Box[C + vouch nonce tail + vouch + metadata](C'->S') under
    /// "CurveZMQINITIATE" + short nonce, the vouch being Box[C' + S](C->S') under "VOUCH---" + 16 random bytes.
    /// </summary>
    /// <param name="metadata">The encoded metadata (see <see cref="Metadata"/>).</param>
    public byte[] Initiate(byte[] metadata)
    {
        Assert.True(_welcomed, "INITIATE needs WELCOME's cookie and short-term key first");
        var vouchTail = new byte[16];
        Sodium.RandomBytes(vouchTail);
        var vouch = new byte[80];
        Assert.True(Sodium.BoxEasy(vouch, [.. _shortPublic, .. _serverPublic], LongNonce("VOUCH---"u8, vouchTail), _serverShortPublic, LongTerm.SecretKey.Span));

        byte[] plain = [.. LongTerm.PublicKey.Span, .. vouchTail, .. vouch, .. metadata];
        var data = new byte[96 + 8 + 16 + plain.Length];
        _cookie.CopyTo(data, 0);
        var shortNonce = NextNonce++;
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(96), shortNonce);
        Assert.True(Sodium.BoxEasy(data.AsSpan(104), plain, Nonce("CurveZMQINITIATE"u8, shortNonce), _serverShortPublic, _shortSecret));
        return data;
    }

    /// <summary>Opens READY's data: short nonce (1 from a libzmq server), Box[metadata](S'->C') under "CurveZMQREADY---"; returns the metadata.</summary>
    public IReadOnlyDictionary<string, byte[]> OpenReady(byte[] data)
    {
        var shortNonce = BinaryPrimitives.ReadUInt64BigEndian(data);
        var plain = new byte[data.Length - 8 - 16];
        Assert.True(Sodium.BoxOpenEasy(plain, data.AsSpan(8), Nonce("CurveZMQREADY---"u8, shortNonce), _serverShortPublic, _shortSecret), "READY does not open");
        _lastServerNonce = shortNonce;
        return ParseMetadata(plain);
    }

    /// <summary>
    /// The body of a MESSAGE frame (sent as a message frame without flags, as libzmq does): "\x07MESSAGE", short nonce,
    /// Box[flags + payload](C'->S') under "CurveZMQMESSAGEC" + short nonce; flags bit 0 is MORE, bit 1 COMMAND.
    /// </summary>
    public byte[] Message(ReadOnlySpan<byte> payload, bool more = false, bool command = false)
    {
        var shortNonce = NextNonce++;
        byte[] plain = [(byte)((more ? 1 : 0) | (command ? 2 : 0)), .. payload];
        var body = new byte[16 + 16 + plain.Length];
        "\x07MESSAGE"u8.CopyTo(body);
        BinaryPrimitives.WriteUInt64BigEndian(body.AsSpan(8), shortNonce);
        Assert.True(Sodium.BoxEasy(body.AsSpan(16), plain, Nonce("CurveZMQMESSAGEC"u8, shortNonce), _serverShortPublic, _shortSecret));
        return body;
    }

    /// <summary>Opens a server's MESSAGE frame body (under "CurveZMQMESSAGES"); its nonce must be above the last one.</summary>
    public byte[] OpenMessage(byte[] body, out bool more, out bool command)
    {
        Assert.True(body.AsSpan(0, 8).SequenceEqual("\x07MESSAGE"u8), "not a MESSAGE box");
        var shortNonce = BinaryPrimitives.ReadUInt64BigEndian(body.AsSpan(8));
        Assert.True(shortNonce > _lastServerNonce, $"the server's nonce {shortNonce} is not above {_lastServerNonce}");
        _lastServerNonce = shortNonce;
        var plain = new byte[body.Length - 32];
        Assert.True(Sodium.BoxOpenEasy(plain, body.AsSpan(16), Nonce("CurveZMQMESSAGES"u8, shortNonce), _serverShortPublic, _shortSecret), "the server's MESSAGE does not open");
        more = (plain[0] & 1) != 0;
        command = (plain[0] & 2) != 0;
        return plain[1..];
    }

    /// <summary>RFC 37 metadata: for each property, name length, name, 4-byte big-endian value length, value.</summary>
    public static byte[] Metadata(params (string Name, byte[] Value)[] properties)
    {
        var bytes = new List<byte>();
        foreach (var (name, value) in properties)
        {
            bytes.Add((byte)name.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(name));
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
            bytes.AddRange(length);
            bytes.AddRange(value);
        }

        return [.. bytes];
    }

    /// <summary>Metadata with Socket-Type only.</summary>
    public static byte[] Metadata(string socketType) => Metadata(("Socket-Type", Encoding.ASCII.GetBytes(socketType)));

    private static Dictionary<string, byte[]> ParseMetadata(ReadOnlySpan<byte> data)
    {
        var properties = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        while (!data.IsEmpty)
        {
            var name = Encoding.ASCII.GetString(data.Slice(1, data[0]));
            data = data[(1 + data[0])..];
            var length = BinaryPrimitives.ReadInt32BigEndian(data);
            properties[name] = data.Slice(4, length).ToArray();
            data = data[(4 + length)..];
        }

        return properties;
    }

    private static byte[] Nonce(ReadOnlySpan<byte> prefix, ulong shortNonce)
    {
        var nonce = new byte[24];
        prefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(16), shortNonce);
        return nonce;
    }

    private static byte[] LongNonce(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> tail)
    {
        var nonce = new byte[24];
        prefix.CopyTo(nonce);
        tail.CopyTo(nonce.AsSpan(8));
        return nonce;
    }
}
