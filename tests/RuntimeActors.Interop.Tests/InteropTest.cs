using Akka.Actor;
using RuntimeActors.TestKit;
using Xunit.Sdk;

namespace RuntimeActors.Interop.Tests;

/// <summary>
/// The base of the interop tests: a socket runtime with tcp, ipc, epgm and pgm in the TestKit's actor system (so socket logs
/// land in the test output), libzmq peers that are killed when the test ends, and awaits of sockets and
/// peers that fail with a message after a timeout instead of hanging.
/// </summary>
public abstract class InteropTest : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    /// <summary>Marks where, among a peer's steps, its bind or connect goes; without it, first.</summary>
    protected const string Link = "<bind or connect>";

    private const string AnyLoopbackPort = "tcp://127.0.0.1:*";
    private const string AnyIpcPath = "ipc://*";
    private readonly List<ZmqPeer> _peers = [];

    protected InteropTest(ITestOutputHelper output)
        : base(TestKitConfig.Default(), output: output)
    {
        PeerOutput = output;
        Runtime = SocketRuntime.Create(Sys, builder => builder.AddTcp().AddIpc().AddPgm());
    }

    /// <summary>How long a socket operation or socket event is awaited.</summary>
    protected static TimeSpan Patience => ZmqPeer.Patience;

    /// <summary>Where the libzmq peers' lines go (the test's output).</summary>
    protected ITestOutputHelper PeerOutput { get; }

    protected SocketRuntime Runtime { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var peer in _peers)
        {
            await peer.DisposeAsync();
        }

        await Runtime.DisposeAsync();
    }

    /// <summary>
    /// A socket with no linger: every test checks delivery itself, and a socket left with messages for a
    /// peer that is gone must not hold up the end of the test.
    /// </summary>
    protected ZSocket Socket(SocketType type, Action<SocketOptions>? configure = null)
    {
        var options = new SocketOptions { Linger = TimeSpan.Zero };
        configure?.Invoke(options);
        return Runtime.CreateSocket(type, options);
    }

    /// <summary>Starts a libzmq peer running <paramref name="steps"/> as they are, for peers that link on their own.</summary>
    protected ZmqPeer StartPeer(string socketType, params string[] steps)
    {
        var peer = ZmqPeer.Start(PeerOutput, socketType, steps);
        _peers.Add(peer);
        return peer;
    }

    /// <summary>
    /// Starts a libzmq peer linked to <paramref name="socket"/>: the .NET socket binds a loopback port and the
    /// peer connects to it, or the peer binds and the .NET socket connects. <see cref="Link"/> among
    /// <paramref name="steps"/> places the peer's bind or connect (after its options and subscriptions).
    /// </summary>
    protected Task<ZmqPeer> StartLinkedPeerAsync(ZSocket socket, bool dotnetBinds, string socketType, params string[] steps) =>
        StartLinkedPeerAsync(socket, "tcp", dotnetBinds, socketType, steps);

    /// <summary>
    /// As <see cref="StartLinkedPeerAsync(ZSocket, bool, string, string[])"/>, over <paramref name="transport"/>: tcp
    /// (a loopback port) or ipc (a new temporary path, ipc://*).
    /// </summary>
    protected async Task<ZmqPeer> StartLinkedPeerAsync(ZSocket socket, string transport, bool dotnetBinds, string socketType, params string[] steps)
    {
        var any = AnyEndpoint(transport);
        var link = Array.IndexOf(steps, Link);
        var before = link < 0 ? [] : steps[..link];
        var after = link < 0 ? steps : steps[(link + 1)..];
        if (dotnetBinds)
        {
            var endpoint = await socket.BindAsync(any);
            var connecting = StartPeer(socketType, [.. before, $"connect:{endpoint}", .. after]);

            // Taken here so that the test's first event is one of its own steps.
            await connecting.ExpectAsync("connecting");
            return connecting;
        }

        var peer = StartPeer(socketType, [.. before, $"bind:{any}", .. after]);
        await socket.ConnectAsync(await peer.BoundAsync());
        return peer;
    }

    /// <summary>The wildcard endpoint of <paramref name="transport"/> (tcp or ipc) that both libzmq and we can bind.</summary>
    protected static string AnyEndpoint(string transport) => transport switch
    {
        "tcp" => AnyLoopbackPort,
        "ipc" => AnyIpcPath,
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "tcp or ipc"),
    };

    protected static async Task<ZMessage> ReceiveAsync(ZSocket socket) =>
        await TryReceiveAsync(socket, Patience) ?? throw new XunitException($"The .NET {socket.Type} socket received nothing within {Patience.TotalSeconds:0} s.");

    /// <summary>The next message if one comes within <paramref name="timeout"/>, else null; for warm-up loops.</summary>
    protected static async Task<ZMessage?> TryReceiveAsync(ZSocket socket, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            return await socket.ReceiveAsync(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            return null;
        }
    }

    protected static Task SendAsync(ZSocket socket, params string[] frames) => SendAsync(socket, ZMessage.FromStrings(frames));

    /// <summary>Sends, failing the test if the socket cannot (a PUSH with no peer, say) within the patience.</summary>
    protected static async Task SendAsync(ZSocket socket, ZMessage message)
    {
        using var limit = new CancellationTokenSource(Patience);
        try
        {
            await socket.SendAsync(message, limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new XunitException($"The .NET {socket.Type} socket could not send {message} within {Patience.TotalSeconds:0} s.");
        }
    }

    /// <summary>How long a warm-up step waits for the first message before it sends again.</summary>
    protected static readonly TimeSpan WarmUpPace = TimeSpan.FromMilliseconds(50);

    /// <summary>Repeats a.warm-up until the peer's until:a.ready step prints one, then sends a.ready and passes the warm-ups.</summary>
    protected static async Task WarmUpAsync(ZSocket pub, ZmqPeer peer)
    {
        PeerEvent? first;
        do
        {
            await SendAsync(pub, "a.warm-up");
            first = await peer.TryNextAsync(WarmUpPace);
        }
        while (first is null);

        Assert.Equal("recv", first.Name);

        await SendAsync(pub, "a.ready");
        for (var next = first; next.Strings[0] != "a.ready"; next = await peer.ReceivedAsync())
        {
            Assert.Equal(["a.warm-up"], next.Strings);
        }
    }

    /// <summary>Has a libzmq publisher's repeat:a.warm-up step send until <paramref name="sub"/> gets one, then passes the warm-ups up to a.ready.</summary>
    protected static async Task ReceiveWarmUpAsync(ZSocket sub, ZmqPeer peer)
    {
        while (await TryReceiveAsync(sub, WarmUpPace) is null)
        {
            await peer.TellAsync("again");
        }

        await peer.TellAsync("stop");
        await SkipWarmUpAsync(sub);
    }

    protected static async Task SkipWarmUpAsync(ZSocket sub)
    {
        ZMessage next;
        while ((next = await ReceiveAsync(sub)).GetString(0) != "a.ready")
        {
            Assert.Equal(["a.warm-up"], next.GetStrings());
        }
    }

    /// <summary>What zmq_peer.py's flood step sends: [decimal index, <paramref name="size"/> bytes of 'x'] for each index.</summary>
    protected static async Task FloodAsync(ZSocket socket, int count, int size)
    {
        var padding = Enumerable.Repeat((byte)'x', size).ToArray();
        for (var index = 0; index < count; index++)
        {
            await SendAsync(socket, ZMessage.FromFrames(Bytes(index.ToString(System.Globalization.CultureInfo.InvariantCulture)), padding));
        }
    }

    /// <summary>Receives what a flood sends, failing at the first message out of place (zmq_peer.py's ordered step, for a .NET receiver).</summary>
    protected static async Task ExpectOrderedAsync(ZSocket socket, int count, int size)
    {
        for (var index = 0; index < count; index++)
        {
            var message = await ReceiveAsync(socket);
            Assert.Equal(index.ToString(System.Globalization.CultureInfo.InvariantCulture), message.GetString(0));
            Assert.Equal(size, message[1].Length);
        }
    }

    /// <summary>From now on the test actor gets every socket event of the runtime; call it before linking.</summary>
    protected void WatchSocketEvents() => Sys.EventStream.Subscribe(TestActor, typeof(SocketEvent));

    /// <summary>The next event of <paramref name="kind"/> from <paramref name="socket"/>; needs <see cref="WatchSocketEvents"/>.</summary>
    protected async Task<SocketEvent> ExpectSocketEventAsync(ZSocket socket, SocketEventKind kind, string? endpoint = null) =>
        await FishForMessageAsync<SocketEvent>(e => e.Kind == kind && e.Socket.Equals(socket.Actor) && (endpoint is null || e.Endpoint == endpoint), Patience);

    protected static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    /// <summary>A subscription as XPUB and XSUB users see it: 1 (subscribe) or 0 (cancel), then the topic.</summary>
    protected static byte[] Subscription(byte subscribe, string topic) => [subscribe, .. Bytes(topic)];
}
