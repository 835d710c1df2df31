// The code between the snippet markers is quoted verbatim in README.md (checked by ReadmeTests in
// RuntimeActors.EndToEnd.Tests); the test below runs it against a libzmq peer.
using Akka.Actor;

namespace RuntimeActors.Interop.Tests;

// begin-snippet: akka-app
/// <summary>Asks a ZeroMQ REP server a question through a REQ socket that is its child actor.</summary>
public sealed class Asker : ReceiveActor
{
    public Asker(string endpoint, string question, IActorRef reportTo)
    {
        // The runtime is an extension of the actor system; the socket is an actor like any other child.
        var runtime = SocketRuntime.Get(Context.System);
        var req = Context.ActorOf(runtime.SocketProps(SocketType.Req, receiver: Self), "req");
        req.Tell(new Zmq.Connect(endpoint), Self);

        Receive<Zmq.Connecting>(_ => req.Tell(new Zmq.Send(ZMessage.FromStrings(question)), Self));
        Receive<Zmq.Received>(reply =>
        {
            req.Tell(Zmq.ReceiveAck.One, Self); // pull mode: the socket delivers more once this one is done
            reportTo.Tell(reply.Message.GetString(0), Self);
        });
        Receive<Zmq.SendFailed>(failed => reportTo.Tell(new Status.Failure(new ZmqException(failed.Error, endpoint, failed.Reason)), Self));
    }
}

public static class AkkaApp
{
    public static async Task<string> AskAsync(string endpoint, string question, TimeSpan timeout)
    {
        using var system = ActorSystem.Create("app");
        SocketRuntime.Create(system, transports => transports.AddTcp());

        var inbox = Inbox.Create(system);
        system.ActorOf(Props.Create(() => new Asker(endpoint, question, inbox.Receiver)), "asker");
        var answer = await inbox.ReceiveAsync(timeout);

        await system.Terminate();
        return answer as string ?? throw new InvalidOperationException($"no answer: {answer}");
    }
}
// end-snippet

public sealed class ReadmeExampleTests(ITestOutputHelper output) : InteropTest(output)
{
    [Fact]
    public async Task The_akka_app_example_asks_a_libzmq_rep()
    {
        var peer = StartPeer("REP", $"bind:tcp://127.0.0.1:*", "echo:1:answer to ");
        var endpoint = await peer.BoundAsync();

        Assert.Equal("answer to life", await AkkaApp.AskAsync(endpoint, "life", Patience));
        Assert.Equal(["answer to life"], (await peer.ExpectAsync("echoed")).Strings);
        await peer.FinishAsync();
    }
}
