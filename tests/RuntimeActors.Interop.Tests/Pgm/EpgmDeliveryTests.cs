using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Xunit.Sdk;

namespace RuntimeActors.Interop.Tests.Pgm;

/// <summary>
/// What PGM promises beyond plain delivery, against libzmq where it has a part: a receiver that joins a running stream
/// starts at a whole message, a slow receiver is repaired from the sender's window while a fast one goes on, and a
/// sender keeps to ZMQ_RATE. Also the rules of zmq_pgm(7): only PUB, XPUB, SUB and XSUB may use it, and pgm:// runs
/// over raw IP as libzmq's does.
/// </summary>
public sealed class EpgmDeliveryTests(ITestOutputHelper output) : InteropTest(output)
{
    private const int Rate = 100_000;

    [Fact]
    public async Task A_dotnet_sub_joining_a_running_libzmq_stream_starts_at_a_whole_message_and_misses_none_after()
    {
        // Each message is longer than one APDU, so a receiver that joins mid-stream most likely starts inside one and
        // must skip to the APDU where the next message begins (the offset at the start of each APDU).
        var prefix = new string('p', 3_000) + "-";
        const int Count = 300;
        var endpoint = MulticastEndpoints.Next();
        var early = Socket(SocketType.Sub, options => options.MulticastRate = Rate);
        early.Subscribe(string.Empty);
        await early.ConnectAsync(endpoint);
        var peer = StartPeer("PUB", $"opt:RATE={Rate}", $"connect:{endpoint}", "repeat:warm-up", $"ticks:{Count}:10:{prefix}", EpgmPubSubTests.HoldUntilReceived);
        while (await TryReceiveAsync(early, WarmUpPace) is null)
        {
            await peer.TellAsync("again");
        }

        await peer.TellAsync("stop");

        // The stream is running once the early subscriber has seen a few ticks: then the late one joins.
        while (!(await ReceiveAsync(early)).GetString(0).StartsWith(prefix + "2", StringComparison.Ordinal))
        {
        }

        var late = Socket(SocketType.Sub, options => options.MulticastRate = Rate);
        late.Subscribe(prefix);
        await late.ConnectAsync(endpoint);
        var first = Index(await ReceiveAsync(late), prefix);
        Assert.True(first > 2, $"the late subscriber started at message {first}, before it joined");
        for (var index = first + 1; index < Count; index++)
        {
            Assert.Equal(index, Index(await ReceiveAsync(late), prefix));
        }

        await EpgmPubSubTests.ReleaseAsync(peer);
    }

    [Fact]
    public async Task A_slow_sub_is_repaired_from_the_window_while_a_fast_one_takes_the_stream_at_full_speed()
    {
        // Both subscribers are ours. With a libzmq SUB as the fast one, it once in some ten runs handed on a message
        // with a third frame (message 155 of 3,000, with the next one's first frame): libzmq's pgm_receiver pushes
        // frames to its socket as it decodes them and keeps them after a loss, so it had lost data it should have had
        // repaired. Why it gave up is not found yet (the note of 2026-12-05 says so); this test is about the slow one.
        const int Count = 3_000;
        const int Size = 1_000;
        var endpoint = MulticastEndpoints.Next();
        var pub = Socket(SocketType.Pub, EpgmPubSubTests.Flooding);
        await pub.ConnectAsync(endpoint);

        // The slow subscriber holds ten messages and is not read until the fast one has everything: the rest overflows
        // its buffers, and it must NAK for every packet it dropped once it reads again.
        var slow = Socket(SocketType.Sub, options => options.ReceiveHighWaterMark = 10);
        slow.Subscribe(string.Empty);
        await slow.ConnectAsync(endpoint);
        var fast = Socket(SocketType.Sub, options => options.ReceiveHighWaterMark = 0);
        fast.Subscribe(string.Empty);
        await fast.ConnectAsync(endpoint);
        foreach (var subscriber in new[] { slow, fast })
        {
            do
            {
                await SendAsync(pub, "a.warm-up");
            }
            while (await TryReceiveAsync(subscriber, WarmUpPace) is null);
        }

        await SendAsync(pub, "a.ready");
        var taking = Task.Run(async () =>
        {
            await SkipWarmUpAsync(fast);
            await ExpectOrderedAsync(fast, Count, Size);
        });
        await FloodAsync(pub, Count, Size);
        await taking;

        await SkipWarmUpAsync(slow);
        await ExpectOrderedAsync(slow, Count, Size);
    }

    [Fact]
    public async Task A_dotnet_pub_at_a_rate_of_1000_kbits_keeps_within_ten_percent_of_it_over_ten_seconds()
    {
        const int RateLimit = 1_000;
        var measuring = TimeSpan.FromSeconds(10);
        var (group, port) = MulticastEndpoints.NextGroup();
        using var listener = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, ProtocolType.Udp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(group, port));
        listener.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, IPAddress.Loopback));
        var counting = CountDataBytesAsync(listener, measuring);

        var pub = Socket(SocketType.Pub, options =>
        {
            options.MulticastRate = RateLimit;
            options.SendHighWaterMark = 0;
        });
        await pub.ConnectAsync($"epgm://127.0.0.1;{group}:{port}");
        var payload = new byte[1_000];
        while (!counting.IsCompleted)
        {
            // The rate limit holds the sender back, so its queue never empties: kept at a few hundred messages, topped
            // up whenever the socket's status shows it below that.
            var queued = (await pub.GetStatusAsync()).Peers.Sum(peer => peer.OutboundQueued);
            for (var i = queued; i < 300; i++)
            {
                await SendAsync(pub, ZMessage.FromFrames(payload));
            }
        }

        var bytesOnTheWire = await counting;
        var allowed = RateLimit * 1000 / 8 * measuring.TotalSeconds;
        PeerOutput.WriteLine($"{bytesOnTheWire} bytes of data packets in {measuring.TotalSeconds} s, {bytesOnTheWire / allowed:P1} of ZMQ_RATE");
        Assert.InRange(bytesOnTheWire, allowed * 0.5, allowed * 1.1);
    }

    [Theory]
    [InlineData(SocketType.Push)]
    [InlineData(SocketType.Pull)]
    [InlineData(SocketType.Req)]
    [InlineData(SocketType.Dealer)]
    [InlineData(SocketType.Pair)]
    public async Task Only_publishers_and_subscribers_may_use_pgm(SocketType type)
    {
        var endpoint = MulticastEndpoints.Next();
        var socket = Socket(type);
        var connect = await Assert.ThrowsAsync<ZmqException>(async () => await socket.ConnectAsync(endpoint));
        Assert.Equal(ZmqError.IncompatibleProtocol, connect.Error);
        Assert.Contains(endpoint, connect.Message, StringComparison.Ordinal);
        var bind = await Assert.ThrowsAsync<ZmqException>(async () => await socket.BindAsync(endpoint));
        Assert.Equal(ZmqError.IncompatibleProtocol, bind.Error);
    }

    [Theory]
    [InlineData("epgm://127.0.0.1:5556", "no interface")]
    [InlineData("epgm://127.0.0.1;10.1.2.3:5556", "not a multicast")]
    [InlineData("epgm://127.0.0.1;239.192.1.1", "port")]
    [InlineData("epgm://127.0.0.1;239.192.1.1:0", "port")]
    [InlineData("epgm://no-such-interface0;239.192.1.1:5556", "interface")]
    public async Task A_malformed_pgm_endpoint_fails_the_call_with_einval_naming_it(string endpoint, string _)
    {
        var sub = Socket(SocketType.Sub);
        var failure = await Assert.ThrowsAsync<ZmqException>(async () => await sub.ConnectAsync(endpoint));
        Assert.Equal(ZmqError.InvalidArgument, failure.Error);
        Assert.Contains(endpoint.Split("://")[1].Split(';')[0], failure.Message, StringComparison.Ordinal);

        // The socket goes on serving: a good endpoint still works.
        await sub.ConnectAsync(MulticastEndpoints.Next());
    }

    [Fact]
    public async Task Over_raw_pgm_a_dotnet_pub_reaches_a_libzmq_sub_and_a_libzmq_pub_a_dotnet_sub()
    {
        // pgm:// is PGM straight over IP (protocol 113): raw sockets, which need CAP_NET_RAW (root in CI).
        var endpoint = MulticastEndpoints.Next("pgm");
        var peerSub = StartPeer("SUB", $"opt:RATE={Rate}", "sub:a.", $"connect:{endpoint}", "until:a.ready", "recv:1");
        await peerSub.ExpectAsync("connecting");
        var pub = Socket(SocketType.Pub, options => options.MulticastRate = Rate);
        await pub.ConnectAsync(endpoint);
        await WarmUpAsync(pub, peerSub);
        await SendAsync(pub, "a.over raw ip", "second frame");
        Assert.Equal(["a.over raw ip", "second frame"], (await peerSub.ReceivedAsync()).Strings);
        await peerSub.FinishAsync();

        var other = MulticastEndpoints.Next("pgm");
        var sub = Socket(SocketType.Sub, options => options.MulticastRate = Rate);
        sub.Subscribe("a.");
        await sub.ConnectAsync(other);
        var peerPub = StartPeer("PUB", $"opt:RATE={Rate}", $"connect:{other}", "repeat:a.warm-up", "send:a.ready", "send:a.back|two", EpgmPubSubTests.HoldUntilReceived);
        await ReceiveWarmUpAsync(sub, peerPub);
        Assert.Equal(["a.back", "two"], (await ReceiveAsync(sub)).GetStrings());
        await EpgmPubSubTests.ReleaseAsync(peerPub);
    }

    private static int Index(ZMessage message, string prefix)
    {
        var text = message.GetString(0);
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new XunitException($"a message that is not whole or not a tick: {text[..Math.Min(40, text.Length)]}...");
        }

        return int.Parse(text.AsSpan(prefix.Length), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The bytes of the PGM data packets (ODATA and RDATA) the group carries for <paramref name="duration"/> from the
    /// first one, with the IPv4 and UDP headers that ZMQ_RATE counts (28 bytes a packet).
    /// </summary>
    private static Task<double> CountDataBytesAsync(Socket listener, TimeSpan duration) => Task.Run(async () =>
    {
        var buffer = new byte[65_536];
        double bytes = 0;
        System.Diagnostics.Stopwatch? clock = null;
        while (clock is null || clock.Elapsed < duration)
        {
            using var patience = new CancellationTokenSource(Patience);
            var length = await listener.ReceiveAsync(buffer, SocketFlags.None, patience.Token);
            const int PgmType = 4, Odata = 0x04, Rdata = 0x05;
            if (length > PgmType && buffer[PgmType] is Odata or Rdata)
            {
                clock ??= System.Diagnostics.Stopwatch.StartNew();
                bytes += length + 28;
            }
        }

        return bytes;
    });
}
