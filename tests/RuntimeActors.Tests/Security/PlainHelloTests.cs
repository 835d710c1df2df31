using System.Buffers;
using RuntimeActors.Security;
using RuntimeActors.Sockets;
using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Security;

/// <summary>
/// How a PLAIN server reads HELLO (RFC 24: user name length, user name, password length, password, nothing after), as
/// libzmq 4.3.4's plain_server_t::process_hello does: lengths that run past the command or bytes left over are
/// ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO, without an ERROR to the client; a well-formed HELLO, empty names
/// included, goes to ZAP.
/// </summary>
public class PlainHelloTests
{
    private static readonly ZmtpSecurity PlainServer =
        ZmtpSecurity.None with { Mechanism = SecurityMechanism.Plain, IsServer = true, ZapDomain = "global" };

    private static PlainServerMechanism Server() => new(ZmtpMetadata.ForSocket(SocketType.Pull), PlainServer, "127.0.0.1");

    private static byte[] Hello(params byte[] data) => [5, .. "HELLO"u8, .. data];

    private static byte[] Field(string text) => [(byte)text.Length, .. System.Text.Encoding.UTF8.GetBytes(text)];

    private static void AssertMalformed(byte[] hello)
    {
        var server = Server();

        var error = Assert.Throws<ZmtpProtocolException>(() => server.ProcessCommand(hello));

        Assert.Equal(ZmtpError.MalformedCommand, error.Error);
        Assert.Equal(ZmqProtocolError.ZmtpMalformedCommandHello, error.ProtocolError);
        Assert.Equal(ZmtpMechanismStatus.Error, server.Status);
        Assert.Same(error, server.Failure);
        Assert.Null(server.PendingZapRequest);

        // Like libzmq, a malformed HELLO ends the connection without an ERROR command.
        Assert.False(server.TryWriteNextCommand(new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void A_hello_with_user_and_password_asks_zap_with_both()
    {
        var server = Server();

        server.ProcessCommand(Hello([.. Field("admin"), .. Field("secret")]));

        var request = Assert.IsType<ZapRequest>(server.PendingZapRequest);
        Assert.Equal("PLAIN", request.Mechanism);
        Assert.Equal("global", request.Domain);
        Assert.Equal("127.0.0.1", request.Address);
        Assert.Equal("admin", request.Username);
        Assert.Equal("secret", request.Password);
        Assert.Equal(ZmtpMechanismStatus.Handshaking, server.Status);
    }

    [Fact]
    public void An_empty_user_name_and_password_are_well_formed()
    {
        var server = Server();

        server.ProcessCommand(Hello(0, 0));

        var request = Assert.IsType<ZapRequest>(server.PendingZapRequest);
        Assert.Equal(2, request.Credentials.Count);
        Assert.True(request.Credentials[0].IsEmpty);
        Assert.True(request.Credentials[1].IsEmpty);
    }

    [Fact]
    public void User_name_and_password_of_255_bytes_each_are_well_formed()
    {
        var user = new string('u', 255);
        var password = new string('p', 255);
        var server = Server();

        server.ProcessCommand(Hello([.. Field(user), .. Field(password)]));

        Assert.Equal(user, server.PendingZapRequest!.Username);
        Assert.Equal(password, server.PendingZapRequest.Password);
    }

    [Fact]
    public void A_password_with_bytes_that_are_not_text_reaches_zap_unchanged()
    {
        var server = Server();

        server.ProcessCommand(Hello([1, (byte)'a', 3, 0, 0xFF, 0x80]));

        Assert.Equal(new byte[] { 0, 0xFF, 0x80 }, server.PendingZapRequest!.Credentials[1].ToArray());
    }

    [Fact]
    public void A_hello_without_data_is_malformed() => AssertMalformed(Hello());

    [Fact]
    public void A_user_name_length_past_the_end_is_malformed() => AssertMalformed(Hello(5, (byte)'a', (byte)'b'));

    [Fact]
    public void A_user_name_that_ends_the_command_leaves_no_password_length_and_is_malformed() => AssertMalformed(Hello(2, (byte)'a', (byte)'b'));

    [Fact]
    public void A_password_length_past_the_end_is_malformed() => AssertMalformed(Hello([.. Field("admin"), 7, .. "secret"u8]));

    [Fact]
    public void A_byte_after_the_password_is_malformed() => AssertMalformed(Hello([.. Field("admin"), .. Field("secret"), 0]));

    [Fact]
    public void A_maximal_user_name_length_with_one_byte_short_is_malformed() => AssertMalformed(Hello([255, .. new byte[254]]));

    [Fact]
    public void Initiate_before_hello_is_an_unexpected_command()
    {
        var server = Server();
        byte[] initiate = [8, .. "INITIATE"u8, .. Metadata("Socket-Type", "PUSH")];

        var error = Assert.Throws<ZmtpProtocolException>(() => server.ProcessCommand(initiate));

        Assert.Equal(ZmqProtocolError.ZmtpUnexpectedCommand, error.ProtocolError);
        Assert.Equal(ZmtpMechanismStatus.Error, server.Status);
    }

    [Fact]
    public void A_command_name_length_past_the_command_is_a_malformed_command()
    {
        var server = Server();

        var error = Assert.Throws<ZmtpProtocolException>(() => server.ProcessCommand([9, .. "HELLO"u8]));

        Assert.Equal(ZmtpError.MalformedCommand, error.Error);
        Assert.Equal(ZmqProtocolError.ZmtpMalformedCommandUnspecified, error.ProtocolError);
        Assert.Equal(ZmtpMechanismStatus.Error, server.Status);
    }

    /// <summary>RFC 37 metadata written out by hand: name length, name, 4-byte big-endian value length, value.</summary>
    private static byte[] Metadata(string name, string value) =>
        [(byte)name.Length, .. System.Text.Encoding.ASCII.GetBytes(name), 0, 0, 0, (byte)value.Length, .. System.Text.Encoding.ASCII.GetBytes(value)];
}
