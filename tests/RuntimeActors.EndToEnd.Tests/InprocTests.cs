using System.Globalization;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>The rules of zmq_inproc(7) and zmq_connect(3) for inproc.</summary>
public sealed class InprocTests(ITestOutputHelper output) : SocketTestKit(output)
{
    private static string NewName() => $"inproc://rules-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_connect_to_a_name_nobody_bound_fails_at_once_with_ECONNREFUSED()
    {
        var push = Socket(SocketType.Push);
        var endpoint = NewName();

        var error = await Assert.ThrowsAsync<ZmqException>(() => push.ConnectAsync(endpoint).AsTask());

        Assert.Equal(ZmqError.ConnectionRefused, error.Error);
        Assert.Equal(endpoint, error.Endpoint);
        Assert.Contains("bind before the connect", error.Message, StringComparison.Ordinal);

        // Refused for good: a later bind does not make the failed connect deliver, and the socket can connect again.
        var pull = Socket(SocketType.Pull);
        await pull.BindAsync(endpoint);
        Assert.Equal(ZmqError.NoSuchEndpoint, (await Assert.ThrowsAsync<ZmqException>(() => push.DisconnectAsync(endpoint).AsTask())).Error);
        await push.ConnectAsync(endpoint);
        await push.SendAsync("after the bind");
        Assert.Equal(["after the bind"], await ReceiveStringsAsync(pull));
    }

    [Fact]
    public async Task Binding_a_name_twice_fails_with_EADDRINUSE()
    {
        var first = Socket(SocketType.Pull);
        var second = Socket(SocketType.Pull);
        var endpoint = NewName();
        await first.BindAsync(endpoint);

        var error = await Assert.ThrowsAsync<ZmqException>(() => second.BindAsync(endpoint).AsTask());

        Assert.Equal(ZmqError.AddressInUse, error.Error);
        Assert.Equal(endpoint, error.Endpoint);
    }

    [Fact]
    public async Task Unbind_disconnects_the_peers_and_frees_the_name()
    {
        var pull = Socket(SocketType.Pull);
        var endpoint = NewName();
        await pull.BindAsync(endpoint);
        var push = Socket(SocketType.Push);
        var pushEvents = Monitor(push);
        await push.ConnectAsync(endpoint);
        await push.SendAsync("before");
        Assert.Equal(["before"], await ReceiveStringsAsync(pull));

        await pull.UnbindAsync(endpoint);

        await ExpectEventAsync(pushEvents, SocketEventKind.Disconnected);
        // Reconnecting finds the name free: a permanent failure for inproc, so the connecter closes.
        Assert.Equal(endpoint, (await ExpectEventAsync(pushEvents, SocketEventKind.Closed)).Endpoint);
        var other = Socket(SocketType.Pull);
        Assert.Equal(endpoint, await other.BindAsync(endpoint));
    }

    [Fact]
    public async Task Closing_the_binder_frees_the_name()
    {
        var pull = Socket(SocketType.Pull);
        var endpoint = NewName();
        await pull.BindAsync(endpoint);

        await pull.DisposeAsync();

        var again = Socket(SocketType.Pull);
        Assert.Equal(endpoint, await again.BindAsync(endpoint));
    }

    [Fact]
    public async Task Frames_cross_without_a_copy()
    {
        var pull = Socket(SocketType.Pull);
        var endpoint = NewName();
        await pull.BindAsync(endpoint);
        var push = Socket(SocketType.Push);
        await push.ConnectAsync(endpoint);
        var payload = new byte[64 * 1024];

        await push.SendAsync(ZMessage.FromFrames(payload));

        var received = await ReceiveAsync(pull);
        Assert.True(MemoryMarshal.TryGetArray(received[0], out var segment));
        Assert.Same(payload, segment.Array);
    }

    [Fact]
    public async Task Names_belong_to_one_runtime()
    {
        var endpoint = NewName();
        var pull = Socket(SocketType.Pull);
        await pull.BindAsync(endpoint);
        await using var otherRuntime = SocketRuntime.Create(b => b.AddInproc());
        await using var push = otherRuntime.CreateSocket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero });

        var error = await Assert.ThrowsAsync<ZmqException>(() => push.ConnectAsync(endpoint).AsTask());

        Assert.Equal(ZmqError.ConnectionRefused, error.Error);
    }

    [Fact]
    public async Task An_incompatible_peer_is_refused_in_the_handshake()
    {
        var pull = Socket(SocketType.Pull);
        var endpoint = NewName();
        await pull.BindAsync(endpoint);
        var events = Monitor(pull);
        var sub = Socket(SocketType.Sub);

        await sub.ConnectAsync(endpoint);

        var failed = await ExpectEventAsync(events, SocketEventKind.HandshakeFailedProtocol);
        Assert.Equal(ZmqProtocolError.ZmtpInvalidMetadata, failed.ProtocolError);
        Assert.Contains("SUB", failed.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Linger_delivers_what_was_queued_before_close()
    {
        var pull = Socket(SocketType.Pull);
        var endpoint = NewName();
        await pull.BindAsync(endpoint);
        var push = Socket(SocketType.Push, new SocketOptions { Linger = TimeSpan.FromSeconds(5) });
        await push.ConnectAsync(endpoint);
        for (var i = 0; i < 2000; i++)
        {
            await push.SendAsync($"m{i}");
        }

        // More is queued than the receiver's high-water mark holds: the receiver must drain while the sender lingers.
        var receiving = Task.Run(async () =>
        {
            for (var i = 0; i < 2000; i++)
            {
                Assert.Equal([$"m{i}"], await ReceiveStringsAsync(pull));
            }
        });
        await push.DisposeAsync();
        await receiving;
    }

    [Fact]
    public async Task The_high_water_marks_of_both_sockets_together_bound_what_is_in_flight()
    {
        var pull = Socket(SocketType.Pull, new SocketOptions { Linger = TimeSpan.Zero, ReceiveHighWaterMark = 10 });
        var endpoint = NewName();
        await pull.BindAsync(endpoint);
        var push = Socket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero, SendHighWaterMark = 10 });
        var events = Monitor(push);
        await push.ConnectAsync(endpoint);
        await ExpectEventAsync(events, SocketEventKind.HandshakeSucceeded);

        // zmq_inproc(7)'s pipe holds SNDHWM + RCVHWM: the first ten go straight to the receiver, ten more wait in the
        // sender's pipe (queued, or taken by its engine that waits for room), then sends block.
        var sent = 0;
        while (push.TrySend(ZMessage.FromStrings($"m{sent}"), TimeSpan.FromMilliseconds(100)))
        {
            sent++;
            Assert.True(sent <= 20, "the high-water marks did not stop the sender");
        }

        Assert.Equal(20, sent);
        for (var i = 0; i < sent; i++)
        {
            Assert.Equal([$"m{i}"], await ReceiveStringsAsync(pull));
        }

        Assert.True(push.TrySend(ZMessage.FromStrings("after"), Patience));
        Assert.Equal(["after"], await ReceiveStringsAsync(pull));
    }

    [Fact]
    public async Task Order_holds_while_sends_switch_between_the_direct_path_and_the_queue()
    {
        // A small RCVHWM makes the sender fall back to its queue again and again while the receiver drains.
        var pull = Socket(SocketType.Pull, new SocketOptions { Linger = TimeSpan.Zero, ReceiveHighWaterMark = 3 });
        var endpoint = NewName();
        await pull.BindAsync(endpoint);
        var push = Socket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero, SendHighWaterMark = 5 });
        await push.ConnectAsync(endpoint);
        const int count = 20_000;

        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await push.SendAsync(ZMessage.FromStrings(i.ToString(CultureInfo.InvariantCulture)));
            }
        });
        for (var i = 0; i < count; i++)
        {
            Assert.Equal([i.ToString(CultureInfo.InvariantCulture)], await ReceiveStringsAsync(pull));
        }

        await sending.WaitAsync(Patience);
    }

    [Fact]
    public async Task Subscriptions_and_data_keep_their_order_on_the_direct_path()
    {
        var pub = Socket(SocketType.XPub);
        var endpoint = NewName();
        await pub.BindAsync(endpoint);
        var sub = Socket(SocketType.XSub);
        await sub.ConnectAsync(endpoint);

        // XSUB sends subscriptions as data messages starting with 1 or 0; the XPUB must see them in the order sent.
        for (var i = 0; i < 100; i++)
        {
            await sub.SendAsync(ZMessage.FromFrames([1, (byte)i]));
        }

        for (var i = 0; i < 100; i++)
        {
            var report = await ReceiveAsync(pub);
            Assert.Equal(new byte[] { 1, (byte)i }, report[0].ToArray());
        }

        await pub.SendAsync(ZMessage.FromFrames([5, 0]));
        Assert.Equal(new byte[] { 5, 0 }, (await ReceiveAsync(sub))[0].ToArray());
    }
}
