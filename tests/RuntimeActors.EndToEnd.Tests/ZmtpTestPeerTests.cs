using System.Text;
using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>The TestKit's <see cref="ZmtpTestPeer"/> against real sockets of this runtime, over tcp and ipc.</summary>
public sealed class ZmtpTestPeerTests(ITestOutputHelper output) : SocketTestKit(output)
{
    public static TheoryData<string> Transports => ["tcp", "ipc"];

    /// <summary>A fresh endpoint for our socket to bind: a free loopback port, or a socket file in the temp directory.</summary>
    private static string FreshEndpoint(string transport) => transport switch
    {
        "tcp" => "tcp://127.0.0.1:*",
        "ipc" => $"ipc://{Path.Combine(Path.GetTempPath(), $"ztp-{Guid.NewGuid():N}.sock")}",
        var other => throw new ArgumentOutOfRangeException(nameof(transport), other, null),
    };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task The_peer_handshakes_with_a_bound_socket_and_messages_cross_both_ways(string transport)
    {
        var dealer = Socket(SocketType.Dealer);
        var monitor = this.MonitorSocket(dealer);
        var endpoint = await dealer.BindAsync(FreshEndpoint(transport));
        await using var peer = await ZmtpTestPeer.ConnectAsync(endpoint);

        var metadata = await peer.HandshakeAsync("DEALER");

        Assert.Equal("DEALER", Encoding.ASCII.GetString(metadata["socket-type"]));
        await monitor.ExpectSocketEventAsync(SocketEventKind.HandshakeSucceeded);
        await peer.SendMessageAsync("hello", "world");
        Assert.Equal(["hello", "world"], await ReceiveStringsAsync(dealer));
        await dealer.SendAsync("back", "again");
        var reply = await peer.ExpectMessageAsync();
        Assert.Equal(["back", "again"], reply.Select(f => Encoding.UTF8.GetString(f)));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task The_peer_binds_and_accepts_a_connecting_socket(string transport)
    {
        await using var listener = await ZmtpTestPeer.BindAsync(transport == "tcp" ? "tcp://127.0.0.1:*" : FreshEndpoint("ipc"));
        var push = Socket(SocketType.Push);
        await push.ConnectAsync(listener.Endpoint);
        await using var peer = await listener.AcceptAsync();

        await peer.SendGreetingAsync(asServer: false);
        var greeting = await peer.ExpectGreetingAsync();
        await peer.SendReadyAsync("PULL", new Dictionary<string, byte[]> { ["X-Test"] = "yes"u8.ToArray() });
        var metadata = await peer.ExpectReadyAsync();

        Assert.Equal(new ZmtpTestGreeting(3, 1, "NULL", AsServer: false), greeting);
        Assert.Equal("PUSH", Encoding.ASCII.GetString(metadata["Socket-Type"]));
        await push.SendAsync("to the peer");
        var frame = await peer.ExpectFrameAsync();
        Assert.False(frame.More);
        Assert.False(frame.IsCommand);
        Assert.Equal("to the peer", Encoding.UTF8.GetString(frame.Body));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_malformed_greeting_makes_the_socket_drop_the_connection(string transport)
    {
        var pull = Socket(SocketType.Pull);
        var monitor = this.MonitorSocket(pull);
        var endpoint = await pull.BindAsync(FreshEndpoint(transport));
        await using var peer = await ZmtpTestPeer.ConnectAsync(endpoint);

        var greeting = ZmtpTestFrames.Greeting();
        greeting[9] = 0x00; // the signature ends with 0x7F
        await peer.SendRawAsync(greeting);

        var failed = await monitor.ExpectSocketEventAsync(SocketEventKind.HandshakeFailedProtocol);
        Assert.Contains("signature", failed.Error!.Message, StringComparison.OrdinalIgnoreCase);
        await peer.ExpectDisconnectedAsync();
    }

    [Fact]
    public async Task A_ping_of_the_peer_is_answered_with_a_pong_carrying_its_context()
    {
        var pull = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(pull);
        await using var peer = await ZmtpTestPeer.ConnectAsync(endpoint);
        await peer.HandshakeAsync("PUSH");

        await peer.SendRawAsync(ZmtpTestFrames.Ping(ttlDeciseconds: 0, "ctx-1"u8));

        Assert.Equal("ctx-1"u8.ToArray(), await peer.ExpectCommandAsync("PONG"));
    }

    [Fact]
    public async Task An_expectation_that_is_not_met_fails_in_time_and_says_what_it_waited_for()
    {
        var pull = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(pull);
        await using var peer = await ZmtpTestPeer.ConnectAsync(endpoint);
        await peer.ExpectGreetingAsync();
        peer.Timeout = TimeSpan.FromMilliseconds(200);

        // The socket waits for our greeting, so it sends no READY.
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => peer.ExpectCommandAsync("READY"));

        Assert.Contains("expected a frame header", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_frames_are_the_bytes_of_RFC_37()
    {
        Assert.Equal([0x01, 3, .. "abc"u8], ZmtpTestFrames.Frame("abc", more: true));
        Assert.Equal([0x02, 0, 0, 0, 0, 0, 0, 1, 0, .. new byte[256]], ZmtpTestFrames.Frame(new byte[256]));
        Assert.Equal([0x04, 6, 5, .. "HELLO"u8], ZmtpTestFrames.Command("HELLO"));
        Assert.Equal([0x04, 26, 5, .. "READY"u8, 11, .. "Socket-Type"u8, 0, 0, 0, 4, .. "PUSH"u8], ZmtpTestFrames.Ready("PUSH"));
        var greeting = ZmtpTestFrames.Greeting(major: 3, minor: 0, mechanism: "PLAIN", asServer: true);
        Assert.Equal([0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F, 3, 0, .. "PLAIN"u8], greeting[..17]);
        Assert.Equal(1, greeting[32]);
        Assert.Equal(64, greeting.Length);
    }
}
