// The code between the snippet markers is quoted verbatim in README.md (checked by ReadmeTests in
// this project); the tests below run it.
using Akka.Actor;

namespace RuntimeActors.EndToEnd.Tests;

// begin-snippet: sockets-quickstart
public static class SocketsQuickStart
{
    public static async Task<string> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var runtime = SocketRuntime.Create(transports => transports.AddTcp().AddInproc());

        // Request and reply over tcp: the wildcard bind reports the port it got.
        await using var server = runtime.CreateSocket(SocketType.Rep);
        await using var client = runtime.CreateSocket(SocketType.Req);
        var endpoint = await server.BindAsync("tcp://127.0.0.1:*", cancellationToken);
        await client.ConnectAsync(endpoint, cancellationToken);
        await client.SendAsync(ZMessage.FromStrings("ping"), cancellationToken);
        var request = await server.ReceiveAsync(cancellationToken);
        await server.SendAsync(ZMessage.FromStrings($"{request.GetString(0)} -> pong"), cancellationToken);
        var reply = await client.ReceiveAsync(cancellationToken);

        // Publish and subscribe over inproc: bind first, then connect (zmq_connect(3)).
        await using var publisher = runtime.CreateSocket(SocketType.Pub);
        await using var subscriber = runtime.CreateSocket(SocketType.Sub);
        await publisher.BindAsync("inproc://weather", cancellationToken);
        await subscriber.ConnectAsync("inproc://weather", cancellationToken);
        subscriber.Subscribe("weather.");
        await foreach (var update in ReceiveWhilePublishingAsync(publisher, subscriber, cancellationToken))
        {
            return $"{reply.GetString(0)}; {update.GetString(0)}={update.GetString(1)}";
        }

        throw new InvalidOperationException("the subscriber stopped receiving");
    }

    // A subscription takes a moment to reach the publisher, which drops what nobody subscribed to yet.
    private static async IAsyncEnumerable<ZMessage> ReceiveWhilePublishingAsync(ZSocket publisher, ZSocket subscriber, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            await publisher.SendAsync(ZMessage.FromStrings("weather.paris", "sunny"), cancellationToken);
            if (subscriber.TryReceive(out var update, TimeSpan.FromMilliseconds(10)))
            {
                yield return update;
            }
        }
    }
}
// end-snippet

// begin-snippet: actor-face
public sealed class Collector : ReceiveActor
{
    private readonly List<string> _received = [];

    public Collector(SocketRuntime runtime, string endpoint, IActorRef reportTo)
    {
        // A PULL socket as a child actor: Received messages come to this actor.
        var pull = Context.ActorOf(runtime.SocketProps(SocketType.Pull, receiver: Self), "pull");
        pull.Tell(new Zmq.Bind(endpoint), Self);

        Receive<Zmq.Bound>(bound => reportTo.Tell(bound, Self));
        Receive<Zmq.Received>(received =>
        {
            _received.Add(received.Message.GetString(0));
            pull.Tell(Zmq.ReceiveAck.One, Self); // done with it: the socket may deliver one more
            if (_received.Count == 3)
            {
                reportTo.Tell(string.Join(",", _received), Self);
            }
        });
        Receive<Status.Failure>(failure => reportTo.Tell(failure, Self));
    }
}
// end-snippet

// begin-snippet: receive-into
public static class Forwarder
{
    // One message received into and sent on again and again: no allocation per message.
    public static async Task ForwardAsync(ZSocket from, ZSocket to, int count, CancellationToken cancellationToken = default)
    {
        var message = new ZMessage();
        for (var i = 0; i < count; i++)
        {
            await from.ReceiveAsync(message, cancellationToken); // replaces what the message held
            await to.SendAsync(message, cancellationToken);      // the socket queues its own copy
        }
    }
}
// end-snippet

public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task The_forwarder_example_runs()
    {
        using var timeout = new CancellationTokenSource(SocketTestKit.Patience);
        await using var runtime = SocketRuntime.Create(transports => transports.AddTcp());
        await using var source = runtime.CreateSocket(SocketType.Push);
        await using var middle = runtime.CreateSocket(SocketType.Pull);
        await using var onward = runtime.CreateSocket(SocketType.Push);
        await using var sink = runtime.CreateSocket(SocketType.Pull);
        await source.ConnectAsync(await middle.BindAsync("tcp://127.0.0.1:*", timeout.Token), timeout.Token);
        await onward.ConnectAsync(await sink.BindAsync("tcp://127.0.0.1:*", timeout.Token), timeout.Token);
        foreach (var word in new[] { "a", "b", "c" })
        {
            await source.SendAsync(ZMessage.FromStrings(word, "payload"), timeout.Token);
        }

        await Forwarder.ForwardAsync(middle, onward, 3, timeout.Token);

        foreach (var word in new[] { "a", "b", "c" })
        {
            Assert.Equal([word, "payload"], (await sink.ReceiveAsync(timeout.Token)).GetStrings());
        }
    }

    [Fact]
    public async Task The_sockets_quickstart_runs()
    {
        using var timeout = new CancellationTokenSource(SocketTestKit.Patience);

        Assert.Equal("ping -> pong; weather.paris=sunny", await SocketsQuickStart.RunAsync(timeout.Token));
    }

    [Fact]
    public async Task The_actor_face_example_runs()
    {
        await using var runtime = SocketRuntime.Create(transports => transports.AddTcp());
        var probe = new Akka.TestKit.TestProbe(runtime.System, new Akka.TestKit.Xunit2.XunitAssertions());
        runtime.System.ActorOf(Props.Create(() => new Collector(runtime, "tcp://127.0.0.1:*", probe.Ref)), "collector");
        var bound = await probe.ExpectMsgAsync<Zmq.Bound>(SocketTestKit.Patience);
        await using var push = runtime.CreateSocket(SocketType.Push);
        await push.ConnectAsync(bound.Endpoint);

        foreach (var word in new[] { "a", "b", "c" })
        {
            await push.SendAsync(word);
        }

        Assert.Equal("a,b,c", await probe.ExpectMsgAsync<string>(SocketTestKit.Patience));
    }
}
