using System.Buffers.Binary;
using RuntimeActors.Security;
using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Security;

/// <summary>
/// CURVE's data phase byte for byte as libzmq 4.3.4's curve_encoding_t writes it: <c>"\x07MESSAGE"</c>, the 8-byte
/// big-endian short nonce, then crypto_box_easy's output (MAC, then the boxed flags byte and payload) under
/// "CurveZMQMESSAGEC"/"CurveZMQMESSAGES" and the short nonce. The expected boxes are computed here with crypto_box_easy
/// from the short-term key pairs, independently of the cipher's precomputed key.
/// </summary>
public class CurveCipherTests
{
    private const int Overhead = 8 + 8 + 16 + 1;

    // After the handshake: the client sent HELLO (1) and INITIATE (2), the server READY (1).
    private const ulong ClientFirstMessageNonce = 3;
    private const ulong ServerFirstMessageNonce = 2;

    private readonly (byte[] Public, byte[] Secret) _client = KeyPair();
    private readonly (byte[] Public, byte[] Secret) _server = KeyPair();

    private static (byte[] Public, byte[] Secret) KeyPair()
    {
        var publicKey = new byte[Sodium.PublicKeyBytes];
        var secretKey = new byte[Sodium.SecretKeyBytes];
        Sodium.BoxKeyPair(publicKey, secretKey);
        return (publicKey, secretKey);
    }

    private static byte[] Precomputed(byte[] publicKey, byte[] secretKey)
    {
        var shared = new byte[Sodium.SharedKeyBytes];
        Assert.True(Sodium.BoxBeforeNm(shared, publicKey, secretKey));
        return shared;
    }

    private CurveCipher ClientCipher() => new(
        Precomputed(_server.Public, _client.Secret), CurveNonces.MessageFromClient, CurveNonces.MessageFromServer, ClientFirstMessageNonce, lastPeerNonce: 1);

    private CurveCipher ServerCipher() => new(
        Precomputed(_client.Public, _server.Secret), CurveNonces.MessageFromServer, CurveNonces.MessageFromClient, ServerFirstMessageNonce, lastPeerNonce: 2);

    /// <summary>A frame body as the encoder lays it out: <see cref="Overhead"/> bytes of room, then the payload.</summary>
    private static byte[] Unsealed(ReadOnlySpan<byte> payload)
    {
        var body = new byte[Overhead + payload.Length];
        payload.CopyTo(body.AsSpan(Overhead));
        return body;
    }

    private static byte[] Sealed(CurveCipher cipher, ReadOnlySpan<byte> payload, bool more = false, bool command = false)
    {
        var body = Unsealed(payload);
        cipher.SealInPlace(body, more, command);
        return body;
    }

    /// <summary>What libzmq puts on the wire for this payload, computed with crypto_box_easy from the key pairs.</summary>
    private static byte[] ExpectedBody(ReadOnlySpan<byte> noncePrefix, ulong shortNonce, byte flags, ReadOnlySpan<byte> payload, byte[] recipientPublic, byte[] senderSecret)
    {
        Span<byte> nonce = stackalloc byte[Sodium.NonceBytes];
        noncePrefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[16..], shortNonce);
        var plain = new byte[1 + payload.Length];
        plain[0] = flags;
        payload.CopyTo(plain.AsSpan(1));
        var box = new byte[Sodium.MacBytes + plain.Length];
        Assert.True(Sodium.BoxEasy(box, plain, nonce, recipientPublic, senderSecret));
        return [.. "\x07MESSAGE"u8, .. nonce[16..], .. box];
    }

    /// <summary>Opening fails, flagged as the mechanism's refusal, which the session reports as HandshakeFailedProtocol.</summary>
    private static ZmtpProtocolException OpenFails(CurveCipher cipher, byte[] body)
    {
        var error = Assert.Throws<ZmtpProtocolException>(() => cipher.OpenInPlace(body, out _, out _));
        Assert.True(error.RaisedByMechanism);
        return error;
    }

    [Fact]
    public void The_overhead_is_name_nonce_mac_and_flags_33_bytes()
    {
        Assert.Equal(33, ClientCipher().Overhead);
        Assert.Equal(Overhead, ServerCipher().Overhead);
    }

    [Fact]
    public void A_client_seals_byte_for_byte_what_crypto_box_easy_gives_under_the_client_prefix_and_counts_from_3()
    {
        var cipher = ClientCipher();
        var payload = "hello curve"u8.ToArray();

        var first = Sealed(cipher, payload);
        var second = Sealed(cipher, payload, more: true);

        Assert.Equal(ExpectedBody("CurveZMQMESSAGEC"u8, 3, 0, payload, _server.Public, _client.Secret), first);
        Assert.Equal(ExpectedBody("CurveZMQMESSAGEC"u8, 4, 1, payload, _server.Public, _client.Secret), second);
        Assert.Equal(Overhead + payload.Length, first.Length);
    }

    [Fact]
    public void A_server_seals_under_the_server_prefix_and_counts_from_2()
    {
        var payload = new byte[300];
        Random.Shared.NextBytes(payload);

        var body = Sealed(ServerCipher(), payload, command: true);

        Assert.Equal(ExpectedBody("CurveZMQMESSAGES"u8, 2, 2, payload, _client.Public, _server.Secret), body);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Seal_then_open_restores_the_payload_and_the_more_and_command_flags(bool more, bool command)
    {
        var payload = "frame"u8.ToArray();
        var body = Sealed(ClientCipher(), payload, more, command);

        ServerCipher().OpenInPlace(body, out var openedMore, out var openedCommand);

        Assert.Equal(more, openedMore);
        Assert.Equal(command, openedCommand);
        Assert.Equal((byte)((more ? 1 : 0) | (command ? 2 : 0)), body[Overhead - 1]);
        Assert.Equal(payload, body[Overhead..]);
    }

    [Fact]
    public void An_empty_payload_travels_as_a_33_byte_box()
    {
        var body = Sealed(ServerCipher(), []);

        Assert.Equal(Overhead, body.Length);
        ClientCipher().OpenInPlace(body, out var more, out var command);
        Assert.False(more);
        Assert.False(command);
    }

    [Fact]
    public void A_box_libzmq_sealed_independently_opens()
    {
        var payload = "from libzmq"u8.ToArray();
        var body = ExpectedBody("CurveZMQMESSAGEC"u8, 3, 1, payload, _server.Public, _client.Secret);

        ServerCipher().OpenInPlace(body, out var more, out var command);

        Assert.True(more);
        Assert.False(command);
        Assert.Equal(payload, body[Overhead..]);
    }

    [Fact]
    public void A_replayed_message_is_refused_as_an_invalid_sequence()
    {
        var client = ClientCipher();
        var server = ServerCipher();
        var body = Sealed(client, "once"u8);
        var replay = (byte[])body.Clone();
        server.OpenInPlace(body, out _, out _);

        var error = OpenFails(server, replay);

        Assert.Equal(ZmtpError.InvalidSequence, error.Error);
        Assert.Equal(ZmqProtocolError.ZmtpInvalidSequence, error.ProtocolError);
    }

    [Fact]
    public void A_nonce_not_above_the_last_handshake_nonce_is_refused_as_an_invalid_sequence()
    {
        // The server's last peer nonce is INITIATE's (2): a MESSAGE with 2 repeats it.
        var body = ExpectedBody("CurveZMQMESSAGEC"u8, 2, 0, "x"u8, _server.Public, _client.Secret);

        Assert.Equal(ZmqProtocolError.ZmtpInvalidSequence, OpenFails(ServerCipher(), body).ProtocolError);
    }

    [Fact]
    public void An_older_message_after_a_newer_one_is_refused()
    {
        var client = ClientCipher();
        var server = ServerCipher();
        var older = Sealed(client, "3"u8);
        var newer = Sealed(client, "4"u8);
        server.OpenInPlace(newer, out _, out _);

        Assert.Equal(ZmqProtocolError.ZmtpInvalidSequence, OpenFails(server, older).ProtocolError);
    }

    [Theory]
    [InlineData(16)] // the MAC
    [InlineData(32)] // the flags byte
    [InlineData(33)] // the payload
    [InlineData(38)] // the payload's last byte
    public void A_flipped_byte_in_the_box_is_refused_as_cryptographic(int offset)
    {
        var body = Sealed(ClientCipher(), "secret"u8);
        body[offset] ^= 0x01;

        var error = OpenFails(ServerCipher(), body);

        Assert.Equal(ZmtpError.Cryptographic, error.Error);
        Assert.Equal(ZmqProtocolError.ZmtpCryptographic, error.ProtocolError);
    }

    [Fact]
    public void A_box_sealed_in_the_wrong_direction_is_refused_as_cryptographic()
    {
        // The server's own second message (nonce 3) reflected back to it: same key and a fresh nonce, but sealed
        // under "CurveZMQMESSAGES" where a client's box has "CurveZMQMESSAGEC".
        var server = ServerCipher();
        _ = Sealed(server, "2"u8);
        var reflected = Sealed(server, "echo"u8);
        Assert.Equal(3UL, BinaryPrimitives.ReadUInt64BigEndian(reflected.AsSpan(8)));

        Assert.Equal(ZmqProtocolError.ZmtpCryptographic, OpenFails(server, reflected).ProtocolError);
    }

    [Theory]
    [InlineData("\x07MESSAGF")]
    [InlineData("\x07message")]
    [InlineData("\x06MESSAGE")]
    public void A_frame_that_is_not_a_MESSAGE_box_is_an_unexpected_command(string prefix)
    {
        var body = Sealed(ClientCipher(), "data"u8);
        System.Text.Encoding.ASCII.GetBytes(prefix).CopyTo(body, 0);

        var error = OpenFails(ServerCipher(), body);

        Assert.Equal(ZmtpError.UnexpectedCommand, error.Error);
        Assert.Equal(ZmqProtocolError.ZmtpUnexpectedCommand, error.ProtocolError);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void A_frame_shorter_than_the_name_is_an_unexpected_command(int length)
    {
        var body = "\x07MESSAGE"u8[..length].ToArray();

        Assert.Equal(ZmqProtocolError.ZmtpUnexpectedCommand, OpenFails(ServerCipher(), body).ProtocolError);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    public void A_MESSAGE_shorter_than_its_33_bytes_of_overhead_is_malformed(int length)
    {
        var body = Sealed(ClientCipher(), [])[..length];

        var error = OpenFails(ServerCipher(), body);

        Assert.Equal(ZmtpError.MalformedCommand, error.Error);
        Assert.Equal(ZmqProtocolError.ZmtpMalformedCommandMessage, error.ProtocolError);
    }

    [Fact]
    public void A_refused_box_leaves_the_cipher_refusing_its_nonce_but_opening_the_next()
    {
        var client = ClientCipher();
        var server = ServerCipher();
        var tampered = Sealed(client, "bad"u8);
        tampered[^1] ^= 0x80;
        var next = Sealed(client, "good"u8);

        Assert.Equal(ZmqProtocolError.ZmtpCryptographic, OpenFails(server, tampered).ProtocolError);
        server.OpenInPlace(next, out _, out _);

        Assert.Equal("good"u8.ToArray(), next[Overhead..]);
    }
}
