using System.Text;

namespace RuntimeActors.Transports.Vsock.Uml.Tests;

/// <summary>
/// Every compatible pair of socket types through the runtime's API, over vsock and over vmci, both to the loopback
/// CID 1: the first type binds, the second connects, and they exchange what their pattern allows.
/// </summary>
public sealed class SocketPairTests
{
    public SocketPairTests() => Uml.EnsureInside();

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var transport in new[] { "vsock", "vmci" })
        {
            foreach (var pair in new[]
            {
                "PAIR-PAIR", "PUSH-PULL", "PULL-PUSH", "PUB-SUB", "SUB-PUB", "PUB-XSUB", "XPUB-SUB", "XPUB-XSUB",
                "REP-REQ", "ROUTER-REQ", "REP-DEALER", "ROUTER-DEALER", "DEALER-DEALER", "ROUTER-ROUTER",
            })
            {
                data.Add(transport, pair);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Exchange(string transport, string pair)
    {
        using var deadline = Uml.Deadline();
        var token = deadline.Token;
        var types = pair.Split('-');
        await using var runtime = SocketRuntime.Create(b => b.AddVsock().AddVmci());
        await using var binder = runtime.CreateSocket(Enum.Parse<SocketType>(types[0], ignoreCase: true), Options(pair, "binder"));
        await using var connecter = runtime.CreateSocket(Enum.Parse<SocketType>(types[1], ignoreCase: true), Options(pair, "connecter"));
        var connecterEvents = EventSink.Watch(runtime, connecter);

        var endpoint = await binder.BindAsync($"{transport}://1:*", token);
        Assert.Matches($"^{transport}://1:[0-9]+$", endpoint);
        await connecter.ConnectAsync(endpoint, token);

        switch (pair)
        {
            case "PAIR-PAIR":
            case "DEALER-DEALER":
                await connecter.SendAsync("to binder");
                Assert.Equal(["to binder"], await ReceiveAsync(binder, token));
                await binder.SendAsync("to connecter");
                Assert.Equal(["to connecter"], await ReceiveAsync(connecter, token));
                break;
            case "PUSH-PULL":
                await binder.SendAsync("a", "b");
                Assert.Equal(["a", "b"], await ReceiveAsync(connecter, token));
                break;
            case "PULL-PUSH":
                await connecter.SendAsync("a", "b");
                Assert.Equal(["a", "b"], await ReceiveAsync(binder, token));
                break;
            case "PUB-SUB":
                connecter.Subscribe("news");
                Assert.Equal(["news", "1"], await PublishUntilReceivedAsync(binder, connecter, token));
                break;
            case "SUB-PUB":
                binder.Subscribe("news");
                Assert.Equal(["news", "1"], await PublishUntilReceivedAsync(connecter, binder, token));
                break;
            case "PUB-XSUB":
                await connecter.SendAsync(ZMessage.FromFrames([1, .. "news"u8]));
                Assert.Equal(["news", "1"], await PublishUntilReceivedAsync(binder, connecter, token));
                break;
            case "XPUB-SUB":
            case "XPUB-XSUB":
                if (pair == "XPUB-SUB")
                {
                    connecter.Subscribe("news");
                }
                else
                {
                    await connecter.SendAsync(ZMessage.FromFrames([1, .. "news"u8]));
                }

                // XPUB hears the subscription, so it publishes only once the subscriber is known to listen.
                var subscription = await binder.ReceiveAsync(token);
                Assert.Equal([1, .. "news"u8], subscription[0].ToArray());
                await binder.SendAsync("other", "dropped");
                await binder.SendAsync("news", "1");
                Assert.Equal(["news", "1"], await ReceiveAsync(connecter, token));
                break;
            case "REP-REQ":
                await connecter.SendAsync("question");
                Assert.Equal(["question"], await ReceiveAsync(binder, token));
                await binder.SendAsync("answer");
                Assert.Equal(["answer"], await ReceiveAsync(connecter, token));
                break;
            case "ROUTER-REQ":
            {
                await connecter.SendAsync("question");
                var request = await binder.ReceiveAsync(token);
                Assert.Equal("connecter", request.GetString(0));
                Assert.Equal(["", "question"], request.GetStrings().Skip(1));
                await binder.SendAsync(new ZMessage([request[0], ReadOnlyMemory<byte>.Empty, "answer"u8.ToArray()]));
                Assert.Equal(["answer"], await ReceiveAsync(connecter, token));
                break;
            }

            case "REP-DEALER":
                await connecter.SendAsync("", "question");
                Assert.Equal(["question"], await ReceiveAsync(binder, token));
                await binder.SendAsync("answer");
                Assert.Equal(["", "answer"], await ReceiveAsync(connecter, token));
                break;
            case "ROUTER-DEALER":
            {
                await connecter.SendAsync("hello");
                var message = await binder.ReceiveAsync(token);
                Assert.Equal(["connecter", "hello"], message.GetStrings());
                await binder.SendAsync("connecter", "welcome");
                Assert.Equal(["welcome"], await ReceiveAsync(connecter, token));
                break;
            }

            case "ROUTER-ROUTER":
            {
                // A ROUTER can only address a peer whose handshake finished, so the connecter waits for it.
                await EventSink.NextAsync(connecterEvents, SocketEventKind.HandshakeSucceeded, token);
                await connecter.SendAsync("binder", "hello");
                Assert.Equal(["connecter", "hello"], await ReceiveAsync(binder, token));
                await binder.SendAsync("connecter", "welcome");
                Assert.Equal(["binder", "welcome"], await ReceiveAsync(connecter, token));
                break;
            }

            default:
                Assert.Fail($"no exchange for {pair}");
                break;
        }
    }

    private static SocketOptions Options(string pair, string role) => new()
    {
        RoutingId = Encoding.ASCII.GetBytes(role),
        Linger = TimeSpan.Zero,
        RouterMandatory = pair == "ROUTER-ROUTER",
    };

    private static async Task<IReadOnlyList<string>> ReceiveAsync(ZSocket socket, CancellationToken cancellationToken) =>
        (await socket.ReceiveAsync(cancellationToken)).GetStrings();

    /// <summary>
    /// A PUB drops messages until the subscription reaches it and nothing tells it when that happened, so it publishes
    /// again after each wait for the subscriber comes back empty, until the subscriber gets one or the deadline ends.
    /// </summary>
    private static async Task<IReadOnlyList<string>> PublishUntilReceivedAsync(ZSocket publisher, ZSocket subscriber, CancellationToken cancellationToken)
    {
        while (true)
        {
            await publisher.SendAsync("other", "dropped");
            await publisher.SendAsync("news", "1");
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                return await ReceiveAsync(subscriber, wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not subscribed yet: publish again.
            }
        }
    }
}
