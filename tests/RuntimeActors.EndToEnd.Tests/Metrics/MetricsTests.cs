using System.Net.Sockets;
using RuntimeActors.Monitoring;
using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests.Metrics;

/// <summary>
/// The RuntimeActors meter read as an exporter reads it (a <see cref="System.Diagnostics.Metrics.MeterListener"/>), after
/// known traffic. Each test's sockets tag their series with their endpoint, so that tests running at the same time
/// against the one process-wide meter do not count each other.
/// </summary>
public sealed class MetricsTests(ITestOutputHelper output) : SocketTestKit(output)
{
    private static SocketOptions Tagged() => new() { MetricsIncludeEndpoint = true, Linger = TimeSpan.Zero };

    [Fact]
    public async Task Messages_and_bytes_are_counted_on_both_ends_with_socket_type_transport_and_endpoint()
    {
        using var metrics = new RuntimeMetricsProbe();
        var pull = Socket(SocketType.Pull, Tagged());
        var endpoint = await BindLoopbackAsync(pull);
        var push = Socket(SocketType.Push, Tagged());
        await push.ConnectAsync(endpoint);

        for (var i = 0; i < 100; i++)
        {
            await push.SendAsync(ZMessage.FromFrames(new byte[10], new byte[20], new byte[30]));
        }

        for (var i = 0; i < 100; i++)
        {
            await ReceiveAsync(pull);
        }

        var at = $"endpoint={endpoint}";
        Assert.Equal(100, metrics.Read("runtime_actors.messages.sent", "socket.type=PUSH", "transport=tcp", at));
        Assert.Equal(6000, metrics.Read("runtime_actors.bytes.sent", "socket.type=PUSH", at));
        Assert.Equal(100, metrics.Read("runtime_actors.messages.received", "socket.type=PULL", "transport=tcp", at));
        Assert.Equal(6000, metrics.Read("runtime_actors.bytes.received", "socket.type=PULL", at));
        Assert.Equal(0, metrics.Read("runtime_actors.messages.received", "socket.type=PUSH", at));
    }

    [Fact]
    public async Task Inproc_traffic_is_counted_as_tcp_is()
    {
        using var metrics = new RuntimeMetricsProbe();
        var endpoint = $"inproc://metrics-{Guid.NewGuid():N}";
        var pull = Socket(SocketType.Pull, Tagged());
        await pull.BindAsync(endpoint);
        var push = Socket(SocketType.Push, Tagged());
        await push.ConnectAsync(endpoint);

        for (var i = 0; i < 50; i++)
        {
            await push.SendAsync("0123456789");
        }

        for (var i = 0; i < 50; i++)
        {
            await ReceiveAsync(pull);
        }

        var at = $"endpoint={endpoint}";
        Assert.Equal(50, metrics.Read("runtime_actors.messages.sent", "socket.type=PUSH", "transport=inproc", at));
        Assert.Equal(500, metrics.Read("runtime_actors.bytes.received", "socket.type=PULL", "transport=inproc", at));
    }

    [Fact]
    public async Task Totals_of_ended_connections_stay_counted_and_open_connections_go_back_to_zero()
    {
        using var metrics = new RuntimeMetricsProbe();
        var pull = Socket(SocketType.Pull, Tagged());
        var endpoint = await BindLoopbackAsync(pull);
        var at = $"endpoint={endpoint}";
        var push = Socket(SocketType.Push, Tagged());
        await push.ConnectAsync(endpoint);
        await push.SendAsync("one");
        await ReceiveAsync(pull);
        await AwaitAssertAsync(() => Assert.Equal(2, metrics.Read("runtime_actors.connections.open", at)), Patience);
        Assert.Equal(1, metrics.Read("runtime_actors.handshakes", "socket.type=PUSH", "result=succeeded", at));
        Assert.Equal(1, metrics.Read("runtime_actors.handshakes", "socket.type=PULL", "result=succeeded", at));

        await push.DisposeAsync();

        await AwaitAssertAsync(() => Assert.Equal(0, metrics.Read("runtime_actors.connections.open", at)), Patience);
        Assert.Equal(1, metrics.Read("runtime_actors.messages.sent", "socket.type=PUSH", at));
        Assert.Equal(1, metrics.Read("runtime_actors.messages.received", "socket.type=PULL", at));
    }

    [Fact]
    public async Task A_publisher_counts_what_a_subscriber_at_its_high_water_mark_missed_as_dropped()
    {
        using var metrics = new RuntimeMetricsProbe();
        var pub = Socket(SocketType.Pub, new SocketOptions { MetricsIncludeEndpoint = true, Linger = TimeSpan.Zero, SendHighWaterMark = 1 });
        var endpoint = await BindLoopbackAsync(pub);
        var sub = Socket(SocketType.Sub, new SocketOptions { ReceiveHighWaterMark = 1, Linger = TimeSpan.Zero });
        await sub.ConnectAsync(endpoint);
        sub.Subscribe("t");
        await AwaitSubscribedAsync(pub, sub, "t");
        var at = $"endpoint={endpoint}";
        var before = metrics.Read("runtime_actors.messages.sent", "socket.type=PUB", at);

        // The subscriber reads nothing: the kernel's buffers fill, then its pipe, and the publisher drops.
        const int Published = 2000;
        var body = new byte[64 * 1024];
        for (var i = 0; i < Published; i++)
        {
            await pub.SendAsync(ZMessage.FromFrames("t"u8.ToArray(), body));
        }

        var sent = metrics.Read("runtime_actors.messages.sent", "socket.type=PUB", at) - before;
        var dropped = metrics.Read("runtime_actors.messages.dropped", "socket.type=PUB", at);
        Assert.True(dropped > 0, $"nothing was dropped ({sent} sent)");
        Assert.Equal(Published, sent + dropped);
    }

    [Fact]
    public async Task Messages_waiting_for_a_peer_are_counted_as_queued()
    {
        using var metrics = new RuntimeMetricsProbe();
        var endpoint = $"tcp://127.0.0.1:{UnusedPort()}";
        var push = Socket(SocketType.Push, Tagged());
        await push.ConnectAsync(endpoint);

        for (var i = 0; i < 5; i++)
        {
            await push.SendAsync("waiting");
        }

        Assert.Equal(5, metrics.Read("runtime_actors.messages.queued", "socket.type=PUSH", "direction=out", $"endpoint={endpoint}"));
    }

    [Fact]
    public async Task Reconnect_attempts_and_failed_handshakes_are_counted_by_reason()
    {
        using var metrics = new RuntimeMetricsProbe();
        var unreachable = $"tcp://127.0.0.1:{UnusedPort()}";
        var push = Socket(SocketType.Push, new SocketOptions { MetricsIncludeEndpoint = true, Linger = TimeSpan.Zero, ReconnectInterval = TimeSpan.FromMilliseconds(10) });
        await push.ConnectAsync(unreachable);
        await AwaitAssertAsync(() => Assert.True(metrics.Read("runtime_actors.reconnects", $"endpoint={unreachable}") >= 2), Patience);

        var pull = Socket(SocketType.Pull, Tagged());
        var events = Monitor(pull);
        var endpoint = await BindLoopbackAsync(pull);
        using (var client = new TcpClient())
        {
            var port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..]);
            await client.ConnectAsync("127.0.0.1", port);
            await client.GetStream().WriteAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
            await ExpectEventAsync(events, SocketEventKind.HandshakeFailedProtocol);
        }

        Assert.Equal(1, metrics.Read("runtime_actors.handshakes", "socket.type=PULL", "result=failed", "reason=protocol", $"endpoint={endpoint}"));
    }

    [Fact]
    public async Task A_silent_peer_counts_one_heartbeat_timeout()
    {
        using var metrics = new RuntimeMetricsProbe();
        var options = new SocketOptions
        {
            MetricsIncludeEndpoint = true,
            Linger = TimeSpan.Zero,
            HeartbeatInterval = TimeSpan.FromMilliseconds(50),
            HeartbeatTimeout = TimeSpan.FromMilliseconds(200),
        };
        var pull = Socket(SocketType.Pull, options);
        var events = Monitor(pull);
        var endpoint = await BindLoopbackAsync(pull);
        await using var raw = await ZmtpTestPeer.ConnectAsync(endpoint);
        await raw.HandshakeAsync("PUSH");

        await ExpectEventAsync(events, SocketEventKind.Disconnected);

        Assert.Equal(1, metrics.Read("runtime_actors.heartbeat.timeouts", "socket.type=PULL", $"endpoint={endpoint}"));
    }

    [Fact]
    public async Task Closed_sockets_leave_no_pipe_behind_in_the_registry()
    {
        var pull = Socket(SocketType.Pull, Tagged());
        var endpoint = await BindLoopbackAsync(pull);
        var pushes = new List<ZSocket>();
        for (var i = 0; i < 10; i++)
        {
            var push = Socket(SocketType.Push, Tagged());
            await push.ConnectAsync(endpoint);
            pushes.Add(push);
        }

        var tracked = RuntimeMetrics.LivePipesWith(endpoint);
        Assert.True(tracked >= 10, $"{tracked} pipes of {endpoint} are observed");

        foreach (var push in pushes)
        {
            await push.DisposeAsync();
        }

        await pull.DisposeAsync();
        await AwaitAssertAsync(() => Assert.Equal(0, RuntimeMetrics.LivePipesWith(endpoint)), Patience);
    }

    [Fact]
    public async Task A_socket_actor_answers_GetStatus_with_its_endpoints_peers_and_queues()
    {
        var pull = Socket(SocketType.Pull, Tagged());
        var endpoint = await BindLoopbackAsync(pull);
        var unreachable = $"tcp://127.0.0.1:{UnusedPort()}";
        var push = Socket(SocketType.Push, Tagged());
        await push.ConnectAsync(endpoint);
        await push.SendAsync("one");
        await push.SendAsync("two");
        await AwaitAssertAsync(async () => Assert.Equal(2, (await pull.GetStatusAsync()).InboundQueued), Patience);

        var pulled = await pull.GetStatusAsync();
        Assert.Equal(SocketType.Pull, pulled.Type);
        Assert.Equal([endpoint], pulled.Bound);
        Assert.Empty(pulled.Connected);
        var peer = Assert.Single(pulled.Peers);
        Assert.Equal(SocketType.Push, peer.PeerType);
        Assert.StartsWith("tcp://127.0.0.1:", peer.RemoteAddress);
        Assert.Equal(2, peer.MessagesReceived);

        // A second endpoint with nobody there: its pipe waits, holding what the round robin gave it.
        await push.ConnectAsync(unreachable);
        await push.SendAsync("three");
        await push.SendAsync("four");
        var pushed = await push.GetStatusAsync();
        Assert.Equal(new[] { endpoint, unreachable }.Order(StringComparer.Ordinal), pushed.Connected.Order(StringComparer.Ordinal));
        var waiting = Assert.Single(pushed.Peers, p => p.Endpoint == unreachable);
        Assert.Null(waiting.PeerType);
        Assert.Null(waiting.RemoteAddress);
        Assert.Equal(4, pushed.Peers.Sum(p => p.MessagesSent));
        Assert.Equal(waiting.MessagesSent, waiting.OutboundQueued);
    }

    [Fact]
    public async Task An_actor_asks_a_socket_actor_for_its_status()
    {
        var socket = Sys.ActorOf(Runtime.SocketProps(SocketType.Rep));
        socket.Tell(new Zmq.Bind("tcp://127.0.0.1:*"), TestActor);
        var bound = await ExpectMsgAsync<Zmq.Bound>();

        socket.Tell(Zmq.GetStatus.Instance, TestActor);

        var status = await ExpectMsgAsync<Zmq.SocketStatus>();
        Assert.Equal(SocketType.Rep, status.Type);
        Assert.Equal([bound.Endpoint], status.Bound);
        Assert.Empty(status.Peers);
        Assert.Equal(0, status.InboundQueued);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
