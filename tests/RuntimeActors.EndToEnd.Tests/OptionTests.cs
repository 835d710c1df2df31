using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>Socket options that change behaviour on a real connection (zmq_setsockopt(3)).</summary>
public sealed class OptionTests(ITestOutputHelper output) : SocketTestKit(output)
{
    [Fact]
    public async Task A_bound_push_with_no_peer_is_mute_and_a_send_times_out_with_EAGAIN()
    {
        var push = Socket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero, SendTimeout = TimeSpan.FromMilliseconds(50) });
        await BindLoopbackAsync(push);

        var error = await Assert.ThrowsAsync<ZmqException>(() => push.SendAsync("nobody").AsTask());

        Assert.Equal(ZmqError.WouldBlock, error.Error);
    }

    [Fact]
    public async Task A_receive_times_out_with_EAGAIN_after_RCVTIMEO()
    {
        var pull = Socket(SocketType.Pull, new SocketOptions { Linger = TimeSpan.Zero, ReceiveTimeout = TimeSpan.FromMilliseconds(50) });
        await BindLoopbackAsync(pull);

        var error = await Assert.ThrowsAsync<ZmqException>(() => pull.ReceiveAsync().AsTask());

        Assert.Equal(ZmqError.WouldBlock, error.Error);
    }

    [Fact]
    public async Task Pub_without_subscribers_drops_instead_of_blocking()
    {
        var pub = Socket(SocketType.Pub);
        await BindLoopbackAsync(pub);

        for (var i = 0; i < 5000; i++)
        {
            Assert.True(pub.TrySend(ZMessage.FromStrings("dropped"), TimeSpan.Zero));
        }
    }

    [Fact]
    public async Task Router_mandatory_reports_an_unroutable_message_with_EHOSTUNREACH()
    {
        var router = Socket(SocketType.Router, new SocketOptions { Linger = TimeSpan.Zero, RouterMandatory = true });
        await BindLoopbackAsync(router);

        var error = await Assert.ThrowsAsync<ZmqException>(() => router.SendAsync("nobody", "hello").AsTask());

        Assert.Equal(ZmqError.HostUnreachable, error.Error);
    }

    [Fact]
    public async Task Router_without_mandatory_drops_an_unroutable_message()
    {
        var router = Socket(SocketType.Router);
        var dealer = Socket(SocketType.Dealer, new SocketOptions { Linger = TimeSpan.Zero, RoutingId = "d"u8.ToArray() });
        await dealer.ConnectAsync(await BindLoopbackAsync(router));
        await dealer.SendAsync("hi");
        await ReceiveAsync(router);

        await router.SendAsync("nobody", "lost");
        await router.SendAsync("d", "found");

        Assert.Equal(["found"], await ReceiveStringsAsync(dealer));
    }

    [Fact]
    public async Task Without_immediate_messages_queue_for_a_peer_not_yet_connected()
    {
        var placeholder = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(placeholder);
        await placeholder.UnbindAsync(endpoint);
        var push = Socket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero, ReconnectInterval = TimeSpan.FromMilliseconds(20) });
        await push.ConnectAsync(endpoint);

        Assert.True(push.TrySend(ZMessage.FromStrings("early"), TimeSpan.Zero));
    }

    [Fact]
    public async Task With_immediate_a_send_waits_for_a_completed_connection()
    {
        var placeholder = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(placeholder);
        await placeholder.UnbindAsync(endpoint);
        var push = Socket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero, Immediate = true, ReconnectInterval = TimeSpan.FromMilliseconds(20) });
        await push.ConnectAsync(endpoint);

        Assert.False(push.TrySend(ZMessage.FromStrings("early"), TimeSpan.FromMilliseconds(50)));
        var pull = Socket(SocketType.Pull);
        await pull.BindAsync(endpoint);
        Assert.True(push.TrySend(ZMessage.FromStrings("late"), Patience));
        Assert.Equal(["late"], await ReceiveStringsAsync(pull));
    }

    [Fact]
    public async Task The_send_high_water_mark_bounds_what_queues_for_a_silent_peer()
    {
        var pull = Socket(SocketType.Pull, new SocketOptions { Linger = TimeSpan.Zero, ReceiveHighWaterMark = 10 });
        var push = Socket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero, SendHighWaterMark = 10 });
        var events = Monitor(push);
        await push.ConnectAsync(await BindLoopbackAsync(pull));
        // Connected first: otherwise a slow handshake (a cold process) outlasts the sends' 200 ms and fails the count.
        await ExpectEventAsync(events, SocketEventKind.HandshakeSucceeded);

        // Nobody receives: the pull's inbound queue, the kernel's buffers and the push's pipe fill, then sends wait.
        var sent = 0;
        var payload = new byte[64 * 1024];
        while (push.TrySend(ZMessage.FromFrames(payload), TimeSpan.FromMilliseconds(200)))
        {
            sent++;
            Assert.True(sent < 10_000, "the high-water marks did not stop the sender");
        }

        Assert.True(sent >= 20, $"only {sent} messages were sent before the sender blocked");
        for (var i = 0; i < sent; i++)
        {
            await ReceiveAsync(pull);
        }
    }

    [Fact]
    public async Task Linger_delivers_queued_messages_when_the_socket_closes()
    {
        var pull = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(pull);
        var push = Socket(SocketType.Push, new SocketOptions { Linger = TimeSpan.FromSeconds(5) });
        await push.ConnectAsync(endpoint);
        for (var i = 0; i < 1000; i++)
        {
            await push.SendAsync($"m{i}");
        }

        await push.DisposeAsync();

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal([$"m{i}"], await ReceiveStringsAsync(pull));
        }
    }

    [Fact]
    public async Task Heartbeats_keep_an_idle_connection_and_a_silent_peer_is_dropped_after_the_timeout()
    {
        var options = new SocketOptions { Linger = TimeSpan.Zero, HeartbeatInterval = TimeSpan.FromMilliseconds(50), HeartbeatTimeout = TimeSpan.FromMilliseconds(200) };
        var pull = Socket(SocketType.Pull, options);
        var events = Monitor(pull);
        var endpoint = await BindLoopbackAsync(pull);
        await using var raw = await ZmtpTestPeer.ConnectAsync(endpoint);
        await raw.HandshakeAsync("PUSH");

        // The socket pings; the raw peer never answers, so the socket gives up on it.
        var (flags, ping) = await raw.ExpectFrameAsync();
        Assert.Equal(0x04, flags & 0x04);
        Assert.True(ping.AsSpan(1, 4).SequenceEqual("PING"u8));
        var disconnected = await ExpectEventAsync(events, SocketEventKind.Disconnected);
        Assert.NotNull(disconnected.Error);
    }

    [Fact]
    public async Task Xpub_verbose_passes_every_duplicate_subscription_up()
    {
        var xpub = Socket(SocketType.XPub, new SocketOptions { Linger = TimeSpan.Zero, XPubVerbose = true });
        var endpoint = await BindLoopbackAsync(xpub);
        var first = Socket(SocketType.Sub);
        var second = Socket(SocketType.Sub);
        await first.ConnectAsync(endpoint);
        await second.ConnectAsync(endpoint);

        first.Subscribe("x");
        Assert.Equal([0x01, (byte)'x'], (await ReceiveAsync(xpub))[0].ToArray());
        second.Subscribe("x");
        Assert.Equal([0x01, (byte)'x'], (await ReceiveAsync(xpub))[0].ToArray());
    }

    [Fact]
    public async Task Without_verbose_xpub_passes_a_duplicate_subscription_up_once()
    {
        var xpub = Socket(SocketType.XPub);
        var endpoint = await BindLoopbackAsync(xpub);
        var first = Socket(SocketType.Sub);
        var second = Socket(SocketType.Sub);
        await first.ConnectAsync(endpoint);
        await second.ConnectAsync(endpoint);

        first.Subscribe("x");
        Assert.Equal([0x01, (byte)'x'], (await ReceiveAsync(xpub))[0].ToArray());
        second.Subscribe("x");
        second.Subscribe("y");
        Assert.Equal([0x01, (byte)'y'], (await ReceiveAsync(xpub))[0].ToArray());
    }

    [Fact]
    public async Task ReceiveAllAsync_streams_messages_until_the_socket_closes()
    {
        var pull = Socket(SocketType.Pull);
        var push = Socket(SocketType.Push);
        await push.ConnectAsync(await BindLoopbackAsync(pull));
        for (var i = 0; i < 3; i++)
        {
            await push.SendAsync($"m{i}");
        }

        var received = new List<string>();
        using var timeout = new CancellationTokenSource(Patience);
        await foreach (var message in pull.ReceiveAllAsync(timeout.Token))
        {
            received.Add(message.GetString(0));
            if (received.Count == 3)
            {
                // Closing the socket ends the enumeration instead of failing it.
                _ = pull.DisposeAsync().AsTask();
            }
        }

        Assert.Equal(["m0", "m1", "m2"], received);
    }
}
