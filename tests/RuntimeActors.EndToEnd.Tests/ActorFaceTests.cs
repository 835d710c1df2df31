using Akka.Actor;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>The actor face: an actor tells a socket actor what to do and receives replies and messages as actor messages.</summary>
public sealed class ActorFaceTests(ITestOutputHelper output) : SocketTestKit(output)
{
    [Fact]
    public async Task An_actor_binds_connects_sends_and_receives_through_socket_actors()
    {
        var pullProbe = CreateTestProbe();
        var pull = Sys.ActorOf(Runtime.SocketProps(SocketType.Pull, receiver: pullProbe.Ref), "pull");
        var push = Sys.ActorOf(Runtime.SocketProps(SocketType.Push), "push");

        pull.Tell(new Zmq.Bind("tcp://127.0.0.1:*"), TestActor);
        var bound = await ExpectMsgAsync<Zmq.Bound>();
        push.Tell(new Zmq.Connect(bound.Endpoint), TestActor);
        await ExpectMsgAsync<Zmq.Connecting>(c => c.Endpoint == bound.Endpoint);
        push.Tell(new Zmq.Send(ZMessage.FromStrings("hello", "actor")), TestActor);

        var received = await pullProbe.ExpectMsgAsync<Zmq.Received>();
        Assert.Equal(["hello", "actor"], received.Message.GetStrings());
        Assert.Equal(pull, pullProbe.LastSender);
    }

    [Fact]
    public async Task A_failed_bind_is_answered_with_a_failure_carrying_the_error()
    {
        var socket = Sys.ActorOf(Runtime.SocketProps(SocketType.Pull));

        socket.Tell(new Zmq.Bind("tcp://127.0.0.1"), TestActor);

        var failure = await ExpectMsgAsync<Status.Failure>();
        var error = Assert.IsType<ZmqException>(failure.Cause);
        Assert.Equal(ZmqError.InvalidArgument, error.Error);
        Assert.Equal("tcp://127.0.0.1", error.Endpoint);
    }

    [Fact]
    public async Task An_actor_subscribes_and_closes_its_socket()
    {
        var subProbe = CreateTestProbe();
        var sub = Sys.ActorOf(Runtime.SocketProps(SocketType.Sub, receiver: subProbe.Ref));
        var pub = Socket(SocketType.Pub);
        var endpoint = await BindLoopbackAsync(pub);
        sub.Tell(new Zmq.Connect(endpoint), TestActor);
        sub.Tell(new Zmq.Subscribe("t"u8.ToArray()), TestActor);
        await ExpectMsgAsync<Zmq.Connecting>();

        // The slow joiner: publish until the subscription has reached the publisher.
        Zmq.Received? received = null;
        var deadline = DateTime.UtcNow + Patience;
        while (received is null && DateTime.UtcNow < deadline)
        {
            await pub.SendAsync("u", "filtered out");
            await pub.SendAsync("t", "x");
            var (any, envelope) = await subProbe.TryReceiveOneAsync(TimeSpan.FromMilliseconds(50));
            received = any ? envelope.Message as Zmq.Received : null;
        }

        Assert.Equal("t", received!.Message.GetString(0));

        await WatchAsync(sub);
        sub.Tell(Zmq.Close.Instance, TestActor);
        await FishForMessageAsync<Zmq.Closed>(_ => true);
        await ExpectTerminatedAsync(sub);
    }
}
