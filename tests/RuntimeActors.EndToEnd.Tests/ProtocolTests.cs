using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>
/// A peer that breaks the protocol loses its own connection, the socket says why in a monitor event, and
/// every other peer keeps being served.
/// </summary>
public sealed class ProtocolTests(ITestOutputHelper output) : SocketTestKit(output)
{
    private async Task<(ZSocket Pull, string Endpoint, ZSocket GoodPeer)> ServingPullAsync(SocketOptions? options = null)
    {
        var pull = Socket(SocketType.Pull, options);
        var endpoint = await BindLoopbackAsync(pull);
        var good = Socket(SocketType.Push);
        await good.ConnectAsync(endpoint);
        await good.SendAsync("before");
        Assert.Equal(["before"], await ReceiveStringsAsync(pull));
        return (pull, endpoint, good);
    }

    private static async Task AssertStillServingAsync(ZSocket pull, ZSocket good)
    {
        await good.SendAsync("after");
        Assert.Equal(["after"], await ReceiveStringsAsync(pull));
    }

    [Fact]
    public async Task A_bad_greeting_fails_the_handshake_of_that_connection_only()
    {
        var (pull, endpoint, good) = await ServingPullAsync();
        var monitor = Monitor(pull);
        await using var raw = await ZmtpTestPeer.ConnectAsync(endpoint);

        await raw.SendRawAsync([.. "GET / HTTP/1.1\r\nHost: example\r\n\r\n"u8, .. new byte[40]]);

        var failed = await ExpectEventAsync(monitor, SocketEventKind.HandshakeFailedProtocol);
        Assert.Equal(ZmqProtocolError.ZmtpUnspecified, failed.ProtocolError);
        Assert.Contains("signature", failed.Error!.Message, StringComparison.OrdinalIgnoreCase);
        await raw.ExpectDisconnectedAsync();
        await AssertStillServingAsync(pull, good);
    }

    [Fact]
    public async Task A_mechanism_the_socket_does_not_use_fails_the_handshake()
    {
        var (pull, endpoint, good) = await ServingPullAsync();
        var monitor = Monitor(pull);
        await using var raw = await ZmtpTestPeer.ConnectAsync(endpoint);

        await raw.SendGreetingAsync(mechanism: "PLAIN");

        var failed = await ExpectEventAsync(monitor, SocketEventKind.HandshakeFailedProtocol);
        Assert.Equal(ZmqProtocolError.ZmtpMechanismMismatch, failed.ProtocolError);
        Assert.Contains("PLAIN", failed.Error!.Message, StringComparison.Ordinal);
        await raw.ExpectDisconnectedAsync();
        await AssertStillServingAsync(pull, good);
    }

    [Fact]
    public async Task An_incompatible_socket_type_is_refused_in_the_handshake()
    {
        var (pull, endpoint, good) = await ServingPullAsync();
        var monitor = Monitor(pull);
        await using var raw = await ZmtpTestPeer.ConnectAsync(endpoint);

        await raw.SendGreetingAsync();
        await raw.SendReadyAsync("PULL");

        var failed = await ExpectEventAsync(monitor, SocketEventKind.HandshakeFailedProtocol);
        Assert.Equal(ZmqProtocolError.ZmtpInvalidMetadata, failed.ProtocolError);
        Assert.Contains("PULL", failed.Error!.Message, StringComparison.Ordinal);
        await raw.ExpectDisconnectedAsync();
        await AssertStillServingAsync(pull, good);
    }

    [Fact]
    public async Task A_frame_over_MAXMSGSIZE_closes_that_connection_before_its_body_arrives()
    {
        var (pull, endpoint, good) = await ServingPullAsync(new SocketOptions { Linger = TimeSpan.Zero, MaxMessageSize = 1000 });
        var monitor = Monitor(pull);
        await using var raw = await ZmtpTestPeer.ConnectAsync(endpoint);
        await raw.HandshakeAsync("PUSH");
        await ExpectEventAsync(monitor, SocketEventKind.HandshakeSucceeded);

        // Only the header of a 1 GB frame: the socket must refuse it without waiting for (or allocating) the body.
        await raw.SendRawAsync([0x02, 0, 0, 0, 0, 0x40, 0, 0, 0]);

        var disconnected = await ExpectEventAsync(monitor, SocketEventKind.Disconnected);
        Assert.Contains("exceeds the maximum message size of 1000 bytes", disconnected.Error!.Message, StringComparison.Ordinal);
        await raw.ExpectDisconnectedAsync();
        await AssertStillServingAsync(pull, good);
    }

    [Fact]
    public async Task Messages_of_a_raw_peer_arrive_and_a_command_it_does_not_know_is_ignored()
    {
        var (pull, endpoint, _) = await ServingPullAsync();
        await using var raw = await ZmtpTestPeer.ConnectAsync(endpoint);
        await raw.HandshakeAsync("PUSH");

        await raw.SendCommandAsync("HELLO");
        await raw.SendFrameAsync("one"u8.ToArray(), more: true);
        await raw.SendFrameAsync(new byte[300]);

        var message = await ReceiveAsync(pull);
        Assert.Equal("one", message.GetString(0));
        Assert.Equal(300, message[1].Length);
    }

    [Fact]
    public async Task A_zmtp_3_0_peer_is_accepted()
    {
        var (pull, endpoint, _) = await ServingPullAsync();
        await using var raw = await ZmtpTestPeer.ConnectAsync(endpoint);

        await raw.SendGreetingAsync(minor: 0);
        await raw.SendReadyAsync("PUSH");
        await raw.SendMessageAsync("from 3.0");

        Assert.Equal(["from 3.0"], await ReceiveStringsAsync(pull));
    }
}
