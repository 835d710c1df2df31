using System.Buffers;
using RuntimeActors.Sockets;
using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Wire;

public class NullMechanismTests
{
    [Fact]
    public void Announces_NULL_and_never_the_server_role()
    {
        var mechanism = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Dealer));

        Assert.Equal("NULL", mechanism.Name);
        Assert.False(mechanism.AsServer);
        Assert.Equal(ZmtpMechanismStatus.Handshaking, mechanism.Status);
        Assert.Null(mechanism.PeerMetadata);
        Assert.Null(mechanism.Failure);
    }

    [Fact]
    public void First_command_is_our_exact_ready_and_then_nothing()
    {
        var mechanism = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Dealer, "abc"u8));
        var output = new ArrayBufferWriter<byte>();

        Assert.True(mechanism.TryWriteNextCommand(output));
        Assert.False(mechanism.TryWriteNextCommand(output));

        Assert.Equal(
            [0x04, 44, 5, .. "READY"u8, 11, .. "Socket-Type"u8, 0, 0, 0, 6, .. "DEALER"u8, 8, .. "Identity"u8, 0, 0, 0, 3, .. "abc"u8],
            output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Dealer_and_router_complete_the_handshake_and_learn_each_other()
    {
        var dealer = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Dealer, "client-1"u8));
        var router = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Router));

        Deliver(from: dealer, to: router);
        Assert.Equal(ZmtpMechanismStatus.Handshaking, dealer.Status);
        Deliver(from: router, to: dealer);

        Assert.Equal(ZmtpMechanismStatus.Ready, dealer.Status);
        Assert.Equal(ZmtpMechanismStatus.Ready, router.Status);
        Assert.Equal(SocketType.Router, dealer.PeerMetadata!.ReadSocketType());
        Assert.Equal(SocketType.Dealer, router.PeerMetadata!.ReadSocketType());
        Assert.Equal("client-1"u8.ToArray(), router.PeerMetadata.Identity.ToArray());
    }

    [Fact]
    public void Receiving_ready_before_sending_ours_is_not_yet_ready()
    {
        var pull = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Pull));

        pull.ProcessCommand(ReadyBody(ZmtpMetadata.ForSocket(SocketType.Push)));

        Assert.Equal(ZmtpMechanismStatus.Handshaking, pull.Status);
        Assert.True(pull.TryWriteNextCommand(new ArrayBufferWriter<byte>()));
        Assert.Equal(ZmtpMechanismStatus.Ready, pull.Status);
    }

    [Fact]
    public void An_incompatible_peer_is_refused_and_sent_an_error()
    {
        var pub = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Pub));
        var output = new ArrayBufferWriter<byte>();
        Assert.True(pub.TryWriteNextCommand(output));
        output.Clear();

        var error = Assert.Throws<ZmtpProtocolException>(() => pub.ProcessCommand(ReadyBody(ZmtpMetadata.ForSocket(SocketType.Push))));

        Assert.Equal(ZmtpError.IncompatibleSocketType, error.Error);
        Assert.Contains("peer Socket-Type PUSH cannot talk to our PUB socket", error.Message, StringComparison.Ordinal);
        Assert.Equal(ZmtpMechanismStatus.Error, pub.Status);
        Assert.Same(error, pub.Failure);
        Assert.Null(pub.PeerMetadata);
        Assert.True(pub.TryWriteNextCommand(output));
        Assert.False(pub.TryWriteNextCommand(output));
        Assert.Equal([0x04, 42, 5, .. "ERROR"u8, 35, .. "Socket-Type PUSH cannot talk to PUB"u8], output.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_failure_before_our_ready_sends_only_the_error()
    {
        var req = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Req));

        Assert.Throws<ZmtpProtocolException>(() => req.ProcessCommand(ReadyBody(ZmtpMetadata.ForSocket(SocketType.Req))));

        var output = new ArrayBufferWriter<byte>();
        Assert.True(req.TryWriteNextCommand(output));
        Assert.False(req.TryWriteNextCommand(output));
        Assert.Equal(ZmtpCommandKind.Error, ZmtpCommand.Parse(output.WrittenSpan[2..]).Kind);
    }

    [Fact]
    public void An_error_from_the_peer_fails_the_handshake_with_its_reason()
    {
        var dealer = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Dealer));
        Assert.True(dealer.TryWriteNextCommand(new ArrayBufferWriter<byte>()));
        var errorFrame = new byte[ZmtpErrorCommand.GetFrameLength("Access denied")];
        ZmtpErrorCommand.Write(errorFrame, "Access denied");

        var error = Assert.Throws<ZmtpProtocolException>(() => dealer.ProcessCommand(errorFrame.AsSpan(2)));

        Assert.Equal(ZmtpError.HandshakeRejected, error.Error);
        Assert.Contains("peer rejected the NULL handshake with ERROR \"Access denied\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(ZmtpMechanismStatus.Error, dealer.Status);
        Assert.False(dealer.TryWriteNextCommand(new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void A_malformed_error_from_the_peer_is_a_malformed_command()
    {
        var dealer = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Dealer));

        var error = Assert.Throws<ZmtpProtocolException>(() => dealer.ProcessCommand([5, .. "ERROR"u8, 9]));

        Assert.Equal(ZmtpError.MalformedCommand, error.Error);
        Assert.Equal(ZmtpMechanismStatus.Error, dealer.Status);
    }

    [Fact]
    public void A_ready_without_socket_type_is_refused()
    {
        var dealer = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Dealer));

        var error = Assert.Throws<ZmtpProtocolException>(() => dealer.ProcessCommand([5, .. "READY"u8, 8, .. "Identity"u8, 0, 0, 0, 0]));

        Assert.Equal(ZmtpError.MissingSocketType, error.Error);
        Assert.Equal("Invalid Socket-Type", PendingErrorReason(dealer));
    }

    [Fact]
    public void A_ready_with_an_unknown_socket_type_is_refused_with_its_name()
    {
        var dealer = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Dealer));

        var error = Assert.Throws<ZmtpProtocolException>(() => dealer.ProcessCommand([5, .. "READY"u8, 11, .. "Socket-Type"u8, 0, 0, 0, 6, .. "CLIENT"u8]));

        Assert.Equal(ZmtpError.UnknownSocketType, error.Error);
        Assert.Contains("\"CLIENT\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_ready_is_refused()
    {
        var dealer = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Dealer));

        var error = Assert.Throws<ZmtpProtocolException>(() => dealer.ProcessCommand([5, .. "READY"u8, 11, .. "Socket"u8]));

        Assert.Equal(ZmtpError.MalformedMetadata, error.Error);
        Assert.Equal("Malformed READY", PendingErrorReason(dealer));
    }

    [Fact]
    public void A_malformed_command_is_refused()
    {
        var dealer = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Dealer));

        var error = Assert.Throws<ZmtpProtocolException>(() => dealer.ProcessCommand([]));

        Assert.Equal(ZmtpError.MalformedCommand, error.Error);
        Assert.Equal(ZmtpMechanismStatus.Error, dealer.Status);
    }

    [Theory]
    [InlineData("PING")]
    [InlineData("HELLO")]
    public void Commands_other_than_ready_or_error_are_unexpected_during_the_handshake(string name)
    {
        var dealer = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Dealer));
        byte[] body = [(byte)name.Length, .. System.Text.Encoding.ASCII.GetBytes(name), 0, 0];

        var error = Assert.Throws<ZmtpProtocolException>(() => dealer.ProcessCommand(body));

        Assert.Equal(ZmtpError.UnexpectedCommand, error.Error);
        Assert.Contains($"expected READY or ERROR, got command \"{name}\"", error.Message, StringComparison.Ordinal);
        Assert.Equal("Unexpected command", PendingErrorReason(dealer));
    }

    [Fact]
    public void A_second_ready_is_unexpected()
    {
        var rep = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Rep));
        var peerReady = ReadyBody(ZmtpMetadata.ForSocket(SocketType.Req));
        rep.ProcessCommand(peerReady);

        var error = Assert.Throws<ZmtpProtocolException>(() => rep.ProcessCommand(peerReady));

        Assert.Equal(ZmtpError.UnexpectedCommand, error.Error);
        Assert.Contains("after the peer's READY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Processing_after_a_failure_is_a_programming_error()
    {
        var dealer = new NullMechanism(ZmtpMetadata.ForSocket(SocketType.Dealer));
        Assert.Throws<ZmtpProtocolException>(() => dealer.ProcessCommand([]));

        Assert.Throws<InvalidOperationException>(() => dealer.ProcessCommand(ReadyBody(ZmtpMetadata.ForSocket(SocketType.Router))));
    }

    [Fact]
    public void Our_metadata_must_name_a_socket_type()
    {
        var noType = new ZmtpMetadata();
        var badType = new ZmtpMetadata();
        badType.Add("Socket-Type", "SERVER");

        Assert.Throws<ArgumentException>(() => new NullMechanism(noType));
        Assert.Throws<ArgumentException>(() => new NullMechanism(badType));
    }

    private static byte[] ReadyBody(ZmtpMetadata metadata)
    {
        var frame = new byte[ZmtpReadyCommand.GetFrameLength(metadata)];
        ZmtpReadyCommand.Write(frame, metadata);
        Assert.True(ZmtpFrameHeader.TryParse(frame, ZmtpFrameHeader.NoSizeLimit, out var header));
        return frame[header.Length..];
    }

    /// <summary>Sends every command <paramref name="from"/> has ready through the frame reader to <paramref name="to"/>.</summary>
    private static void Deliver(NullMechanism from, NullMechanism to)
    {
        var output = new ArrayBufferWriter<byte>();
        while (from.TryWriteNextCommand(output))
        {
        }

        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        while (ZmtpFrameReader.TryReadFrame(ref buffer, ZmtpFrameHeader.NoSizeLimit, out var header, out var body))
        {
            Assert.True(header.IsCommand);
            to.ProcessCommand(body.ToArray());
        }

        Assert.True(buffer.IsEmpty);
    }

    private static string PendingErrorReason(NullMechanism mechanism)
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.True(mechanism.TryWriteNextCommand(output));
        var command = ZmtpCommand.Parse(output.WrittenSpan[2..]);
        Assert.Equal(ZmtpCommandKind.Error, command.Kind);
        return ZmtpErrorCommand.ParseReason(command.Data);
    }
}
