using System.Net;
using System.Net.Sockets;
using RuntimeActors.TestKit;

namespace RuntimeActors.Reliability.Tests;

/// <summary>Peers that die: SIGKILLed in another process, resetting their connection, or falling silent without closing.</summary>
public sealed class PeerCrashTests(ITestOutputHelper output) : ReliabilityTestKit(output)
{
    [Fact]
    public async Task A_peer_killed_mid_multipart_message_delivers_no_partial_message_and_a_restarted_peer_is_reconnected_to()
    {
        const int Count = 50;
        await using var first = await RawZmtpPushProcess.StartAsync(0, "first", Count, Patience);
        var endpoint = $"tcp://127.0.0.1:{first.Port}";
        var pull = Socket(SocketType.Pull, FastReconnect);
        var events = Monitor(pull);
        await pull.ConnectAsync(endpoint);

        for (var i = 0; i < Count; i++)
        {
            Assert.Equal(["first", $"{i}"], (await ReceiveAsync(pull)).GetStrings());
        }

        // The first frame of the next message is on the wire (MORE set); the peer dies before the second.
        await first.ExpectLineAsync("partial", Patience);
        await first.KillAsync();
        await ExpectEventAsync(events, SocketEventKind.Disconnected);
        await ExpectEventAsync(events, SocketEventKind.ConnectRetried);
        AssertNothingReceived(pull);

        // A new process takes the port; the connecter finds it by itself, and the half message is not glued to its first.
        await using var second = await RawZmtpPushProcess.StartAsync(first.Port, "second", Count, Patience);
        await ExpectEventAsync(events, SocketEventKind.HandshakeSucceeded);
        for (var i = 0; i < Count; i++)
        {
            Assert.Equal(["second", $"{i}"], (await ReceiveAsync(pull)).GetStrings());
        }

        await second.ExpectLineAsync("partial", Patience);
        AssertNothingReceived(pull);
    }

    [Fact]
    public async Task A_connection_reset_by_the_peer_is_reconnected_and_delivery_resumes()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        var endpoint = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}";
        var push = Socket(SocketType.Push, FastReconnect);
        var events = Monitor(push);
        await push.ConnectAsync(endpoint);

        using (var accepted = await listener.AcceptAsync().WaitAsync(Patience))
        {
            await using var peer = ZmtpTestPeer.Attach(new NetworkStream(accepted, ownsSocket: false), "reset peer");
            await peer.HandshakeAsync("PULL");
            await push.SendAsync("before", "0");
            Assert.Equal(["before", "0"], (await peer.ExpectMessageAsync()).Select(f => System.Text.Encoding.UTF8.GetString(f)));

            // SO_LINGER 0: the close sends an RST, not a FIN.
            accepted.LingerState = new LingerOption(true, 0);
            accepted.Close();
        }

        var disconnected = await ExpectEventAsync(events, SocketEventKind.Disconnected);
        Output.WriteLine($"disconnected: {disconnected.Error?.Message}");
        await ExpectEventAsync(events, SocketEventKind.ConnectRetried);

        using var again = await listener.AcceptAsync().WaitAsync(Patience);
        await using var second = ZmtpTestPeer.Attach(new NetworkStream(again, ownsSocket: false), "second peer");
        await second.HandshakeAsync("PULL");
        for (var i = 0; i < 10; i++)
        {
            await push.SendAsync("after", $"{i}");
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(["after", $"{i}"], (await second.ExpectMessageAsync()).Select(f => System.Text.Encoding.UTF8.GetString(f)));
        }
    }

    [Fact]
    public async Task A_peer_that_goes_silent_without_closing_is_detected_by_heartbeats_and_the_socket_reconnects()
    {
        var pull = Socket(SocketType.Pull);
        var target = await pull.BindAsync(LocalEndpoint("tcp"));
        await using var relay = RelayProxy.Start(target);
        var heartbeatTimeout = TimeSpan.FromMilliseconds(300);
        var options = FastReconnect;
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        options.HeartbeatTimeout = heartbeatTimeout;
        options.MetricsIncludeEndpoint = true;
        using var metrics = new RuntimeMetricsProbe();
        var push = Socket(SocketType.Push, options);
        var events = Monitor(push);
        await push.ConnectAsync(relay.Endpoint);
        await push.SendAsync("before");
        Assert.Equal(["before"], await ReceiveStringsAsync(pull));
        Assert.Equal(0, metrics.Read("runtime_actors.heartbeat.timeouts", $"endpoint={relay.Endpoint}"));

        // The relay stops passing anything either way and closes nothing: to the PUSH its peer is silent.
        relay.Pause();
        var silentSince = DateTime.UtcNow;
        var disconnected = await ExpectEventAsync(events, SocketEventKind.Disconnected);
        var detectedAfter = DateTime.UtcNow - silentSince;
        Output.WriteLine($"detected after {detectedAfter.TotalMilliseconds:0} ms: {disconnected.Error?.Message}");
        Assert.NotNull(disconnected.Error);
        // A PING goes out within an interval of the silence and its answer is due within the timeout; a loaded machine adds slack.
        Assert.True(detectedAfter < options.HeartbeatInterval + heartbeatTimeout + RuntimeActors.TestKit.Patience.Dilated(TimeSpan.FromSeconds(2)), $"detected after {detectedAfter}");
        Assert.Equal(1, metrics.Read("runtime_actors.heartbeat.timeouts", $"endpoint={relay.Endpoint}"));
        await ExpectEventAsync(events, SocketEventKind.ConnectRetried);

        relay.Resume();
        await ExpectEventAsync(events, SocketEventKind.HandshakeSucceeded);
        await push.SendAsync("after");
        Assert.Equal(["after"], await ReceiveStringsAsync(pull));
    }
}
