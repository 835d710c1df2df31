using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>Reconnection is the connecter's supervisor's work: the user calls nothing.</summary>
public sealed class ReconnectTests(ITestOutputHelper output) : SocketTestKit(output)
{
    private static SocketOptions FastReconnect => new() { Linger = TimeSpan.Zero, ReconnectInterval = TimeSpan.FromMilliseconds(20), ReconnectIntervalMax = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public async Task A_connecting_socket_resumes_delivery_when_the_binding_peer_comes_back()
    {
        var push = Socket(SocketType.Push, FastReconnect);
        var monitor = Monitor(push);
        var firstPull = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(firstPull);
        await push.ConnectAsync(endpoint);
        await push.SendAsync("one");
        Assert.Equal(["one"], await ReceiveStringsAsync(firstPull));

        await firstPull.DisposeAsync();
        await ExpectEventAsync(monitor, SocketEventKind.Disconnected);
        var retried = await ExpectEventAsync(monitor, SocketEventKind.ConnectRetried);
        Assert.NotNull(retried.Delay);

        var secondPull = Socket(SocketType.Pull);
        await secondPull.BindAsync(endpoint);
        await push.SendAsync("two");
        Assert.Equal(["two"], await ReceiveStringsAsync(secondPull));
    }

    [Fact]
    public async Task A_connect_before_the_bind_is_retried_until_the_peer_listens()
    {
        var placeholder = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(placeholder);
        await placeholder.UnbindAsync(endpoint);
        var push = Socket(SocketType.Push, FastReconnect);
        var monitor = Monitor(push);

        await push.ConnectAsync(endpoint);
        var delayed = await ExpectEventAsync(monitor, SocketEventKind.ConnectDelayed);
        Assert.Equal(ZmqError.ConnectionRefused, Assert.IsType<ZmqException>(delayed.Error).Error);
        await push.SendAsync("queued while connecting");

        var pull = Socket(SocketType.Pull);
        await pull.BindAsync(endpoint);
        Assert.Equal(["queued while connecting"], await ReceiveStringsAsync(pull));
    }

    [Fact]
    public async Task Reconnect_delays_double_up_to_the_maximum()
    {
        var placeholder = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(placeholder);
        await placeholder.UnbindAsync(endpoint);
        var options = new SocketOptions { Linger = TimeSpan.Zero, ReconnectInterval = TimeSpan.FromMilliseconds(10), ReconnectIntervalMax = TimeSpan.FromMilliseconds(40) };
        var push = Socket(SocketType.Push, options);
        var monitor = Monitor(push);

        await push.ConnectAsync(endpoint);
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            delays.Add((await ExpectEventAsync(monitor, SocketEventKind.ConnectRetried)).Delay!.Value);
        }

        // Backoff with a random stretch of up to 10 %: 10, 20, 40, 40, 40 ms.
        Assert.InRange(delays[0].TotalMilliseconds, 10, 11);
        Assert.InRange(delays[1].TotalMilliseconds, 20, 22);
        Assert.All(delays.Skip(2), d => Assert.InRange(d.TotalMilliseconds, 40, 44));
    }

    [Fact]
    public async Task Pair_does_not_reconnect_after_losing_its_peer()
    {
        var pair = Socket(SocketType.Pair, FastReconnect);
        var monitor = Monitor(pair);
        var firstPeer = Socket(SocketType.Pair);
        var endpoint = await BindLoopbackAsync(firstPeer);
        await pair.ConnectAsync(endpoint);
        await pair.SendAsync("hello");
        Assert.Equal(["hello"], await ReceiveStringsAsync(firstPeer));

        await firstPeer.DisposeAsync();
        await ExpectEventAsync(monitor, SocketEventKind.Disconnected);
        var closed = await ExpectEventAsync(monitor, SocketEventKind.Closed);
        Assert.Equal(endpoint, closed.Endpoint);

        var secondPeer = Socket(SocketType.Pair);
        await secondPeer.BindAsync(endpoint);
        await monitor.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        var error = await Assert.ThrowsAsync<ZmqException>(() => pair.DisconnectAsync(endpoint).AsTask());
        Assert.Equal(ZmqError.NoSuchEndpoint, error.Error);
    }

    [Fact]
    public async Task Disconnect_stops_reconnecting_and_closes_the_connection()
    {
        var pull = Socket(SocketType.Pull);
        var pullMonitor = Monitor(pull);
        var endpoint = await BindLoopbackAsync(pull);
        var push = Socket(SocketType.Push, FastReconnect);
        var pushMonitor = Monitor(push);
        await push.ConnectAsync(endpoint);
        await ExpectEventAsync(pushMonitor, SocketEventKind.HandshakeSucceeded);

        await push.DisconnectAsync(endpoint);

        await ExpectEventAsync(pushMonitor, SocketEventKind.Closed);
        await ExpectEventAsync(pullMonitor, SocketEventKind.Disconnected);
        Assert.False(push.TrySend(ZMessage.FromStrings("nobody"), TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task A_publisher_whose_subscriber_left_closes_promptly_even_with_infinite_linger()
    {
        var sub = Socket(SocketType.Sub, new SocketOptions { Linger = TimeSpan.Zero, ReceiveHighWaterMark = 1 });
        var endpoint = await BindLoopbackAsync(sub);
        var pub = Runtime.CreateSocket(SocketType.Pub, new SocketOptions { Linger = Timeout.InfiniteTimeSpan, SendHighWaterMark = 10, ReconnectInterval = TimeSpan.FromMilliseconds(20) });
        var events = Monitor(pub);
        await pub.ConnectAsync(endpoint);
        sub.Subscribe("");
        await AwaitSubscribedAsync(pub, sub, "t");

        // The subscriber reads nothing more: the kernel's buffers fill, then the publisher's pipe holds messages.
        var payload = new byte[64 * 1024];
        for (var i = 0; i < 300; i++)
        {
            await pub.SendAsync(ZMessage.FromFrames(payload));
        }

        await sub.DisposeAsync();
        await ExpectEventAsync(events, SocketEventKind.Disconnected);

        // What was queued for the lost subscriber is dropped, so the close has nothing to wait for.
        await pub.DisposeAsync().AsTask().WaitAsync(Patience);
    }
}
