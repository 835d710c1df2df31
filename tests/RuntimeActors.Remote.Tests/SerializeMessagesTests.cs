using Akka.Actor;
using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.Remote.Tests;

/// <summary>
/// Real socket traffic in an actor system with <c>akka.actor.serialize-messages = on</c>: every message an actor is
/// told goes through its serializer and the copy is what arrives, as if it had crossed nodes.
/// </summary>
public sealed class SerializeMessagesTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private readonly SocketRuntime _runtime;

    public SerializeMessagesTests(ITestOutputHelper output)
        : base(RemoteConfig.SerializeEverything(), output: output)
    {
        _runtime = SocketRuntime.Create(Sys, builder => builder.AddTcp());
    }

    private static TimeSpan Patience { get; } = RuntimeActors.TestKit.Patience.Dilated(TimeSpan.FromSeconds(5));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _runtime.DisposeAsync();

    [Fact]
    public void The_system_really_serializes_every_message()
    {
        Assert.True(Sys.Settings.SerializeAllMessages);
        Assert.IsType<Serialization.ZMessageSerializer>(Sys.Serialization.FindSerializerFor(new Zmq.Received(new ZMessage())));
    }

    [Fact]
    public async Task Sockets_bind_connect_send_with_acks_and_deliver_received_messages_with_acks()
    {
        var pullReceiver = CreateTestProbe();
        var pull = Sys.ActorOf(_runtime.SocketProps(SocketType.Pull, Options(receiveWindow: 2), pullReceiver.Ref), "pull");
        var push = Sys.ActorOf(_runtime.SocketProps(SocketType.Push, Options()), "push");
        var monitor = this.MonitorSocket(pull);

        pull.Tell(new Zmq.Bind("tcp://127.0.0.1:*"), TestActor);
        var bound = await ExpectMsgAsync<Zmq.Bound>(Patience);
        await monitor.ExpectSocketEventAsync(SocketEventKind.Listening, bound.Endpoint, Patience);
        push.Tell(new Zmq.Connect(bound.Endpoint), TestActor);
        await ExpectMsgAsync<Zmq.Connecting>(c => c.Endpoint == bound.Endpoint, Patience);
        var accepted = await monitor.ExpectSocketEventAsync(SocketEventKind.Accepted, timeout: Patience);
        Assert.Equal(pull, accepted.Socket);
        await monitor.ExpectSocketEventAsync(SocketEventKind.HandshakeSucceeded, timeout: Patience);

        // A PUSH with a ready peer queues at once; the ack, an application object, comes back through serialization too.
        for (var i = 0; i < 3; i++)
        {
            push.Tell(new Zmq.Send(ZMessage.FromStrings("part", $"{i}"), new Sent(i)), TestActor);
            await ExpectMsgAsync(new Sent(i), Patience);
        }

        // The receive window is 2: the third message waits for an ack.
        var first = await pullReceiver.ExpectMsgAsync<Zmq.Received>(Patience);
        var second = await pullReceiver.ExpectMsgAsync<Zmq.Received>(Patience);
        Assert.Equal(["part", "0"], first.Message.GetStrings());
        Assert.Equal(["part", "1"], second.Message.GetStrings());
        Assert.Equal("127.0.0.1", first.Message.PeerAddress);
        await pullReceiver.ExpectNoMsgAsync(RuntimeActors.TestKit.Patience.Dilated(TimeSpan.FromMilliseconds(200)));
        pull.Tell(new Zmq.ReceiveAck(2), pullReceiver.Ref);
        var third = await pullReceiver.ExpectMsgAsync<Zmq.Received>(Patience);
        Assert.Equal(["part", "2"], third.Message.GetStrings());
    }

    [Fact]
    public async Task A_send_with_no_peer_fails_and_writing_resumes_when_a_peer_comes()
    {
        var push = Sys.ActorOf(_runtime.SocketProps(SocketType.Push, Options()));
        var pullReceiver = CreateTestProbe();
        var pull = Sys.ActorOf(_runtime.SocketProps(SocketType.Pull, Options(), pullReceiver.Ref));

        push.Tell(new Zmq.Send(ZMessage.FromStrings("early")), TestActor);
        var failed = await ExpectMsgAsync<Zmq.SendFailed>(Patience);
        Assert.Equal(ZmqError.WouldBlock, failed.Error);
        Assert.Equal(["early"], failed.Message.GetStrings());
        push.Tell(Zmq.ResumeWriting.Instance, TestActor);

        pull.Tell(new Zmq.Bind("tcp://127.0.0.1:*"), TestActor);
        var bound = await ExpectMsgAsync<Zmq.Bound>(Patience);
        push.Tell(new Zmq.Connect(bound.Endpoint), TestActor);
        await ExpectMsgAsync<Zmq.Connecting>(Patience);
        await ExpectMsgAsync<Zmq.WritingResumed>(Patience);
        push.Tell(new Zmq.Send(failed.Message), TestActor);

        var received = await pullReceiver.ExpectMsgAsync<Zmq.Received>(Patience);
        Assert.Equal(["early"], received.Message.GetStrings());
    }

    [Fact]
    public async Task A_subscriber_actor_subscribes_and_unsubscribes()
    {
        var subReceiver = CreateTestProbe();
        var sub = Sys.ActorOf(_runtime.SocketProps(SocketType.Sub, Options(), subReceiver.Ref));
        var pub = Sys.ActorOf(_runtime.SocketProps(SocketType.Pub, Options()));
        pub.Tell(new Zmq.Bind("tcp://127.0.0.1:*"), TestActor);
        var bound = await ExpectMsgAsync<Zmq.Bound>(Patience);
        sub.Tell(new Zmq.Subscribe("news"u8.ToArray()), TestActor);
        sub.Tell(new Zmq.Connect(bound.Endpoint), TestActor);
        await ExpectMsgAsync<Zmq.Connecting>(Patience);

        var news = await PublishUntilReceivedAsync(pub, subReceiver, "news");
        Assert.Equal(["news", "probe"], news.Message.GetStrings());
        sub.Tell(new Zmq.ReceiveAck(1000), subReceiver.Ref);

        // Once the cancel reached the publisher, nothing of the topic comes: a topic subscribed after it is the marker.
        sub.Tell(new Zmq.Unsubscribe("news"u8.ToArray()), TestActor);
        sub.Tell(new Zmq.Subscribe("marker"u8.ToArray()), TestActor);
        var marker = await PublishUntilReceivedAsync(pub, subReceiver, "marker", alsoPublish: "news");
        Assert.Equal("marker", marker.Message.GetString(0));
        pub.Tell(new Zmq.Send(ZMessage.FromStrings("news", "late")), TestActor);
        pub.Tell(new Zmq.Send(ZMessage.FromStrings("marker", "end")), TestActor);
        var next = await subReceiver.FishForMessageAsync<Zmq.Received>(r => r.Message.GetString(1) is "end" or "late", Patience);
        Assert.Equal(["marker", "end"], next.Message.GetStrings());
    }

    [Fact]
    public async Task A_failed_bind_answers_a_failure_with_the_ZmqException_and_monitors_see_it()
    {
        var first = Sys.ActorOf(_runtime.SocketProps(SocketType.Pull, Options()));
        var second = Sys.ActorOf(_runtime.SocketProps(SocketType.Pull, Options()));
        var monitor = this.MonitorSocket(second);
        first.Tell(new Zmq.Bind("tcp://127.0.0.1:*"), TestActor);
        var bound = await ExpectMsgAsync<Zmq.Bound>(Patience);

        second.Tell(new Zmq.Bind(bound.Endpoint), TestActor);

        var failure = await ExpectMsgAsync<Status.Failure>(Patience);
        var error = Assert.IsType<ZmqException>(failure.Cause);
        Assert.Equal(ZmqError.AddressInUse, error.Error);
        Assert.Equal(bound.Endpoint, error.Endpoint);
        var failed = await monitor.ExpectSocketEventAsync(SocketEventKind.BindFailed, bound.Endpoint, Patience);
        Assert.Equal(ZmqError.AddressInUse, Assert.IsType<ZmqException>(failed.Error).Error);
    }

    [Fact]
    public async Task Unbind_disconnect_and_close_are_answered()
    {
        var pull = Sys.ActorOf(_runtime.SocketProps(SocketType.Pull, Options()));
        var push = Sys.ActorOf(_runtime.SocketProps(SocketType.Push, Options()));
        pull.Tell(new Zmq.Bind("tcp://127.0.0.1:*"), TestActor);
        var bound = await ExpectMsgAsync<Zmq.Bound>(Patience);
        push.Tell(new Zmq.Connect(bound.Endpoint), TestActor);
        await ExpectMsgAsync<Zmq.Connecting>(Patience);

        push.Tell(new Zmq.Disconnect(bound.Endpoint), TestActor);
        await ExpectMsgAsync(new Zmq.Disconnected(bound.Endpoint), Patience);
        pull.Tell(new Zmq.Unbind(bound.Endpoint), TestActor);
        await ExpectMsgAsync(new Zmq.Unbound(bound.Endpoint), Patience);
        pull.Tell(new Zmq.Unbind(bound.Endpoint), TestActor);
        Assert.Equal(ZmqError.NoSuchEndpoint, Assert.IsType<ZmqException>((await ExpectMsgAsync<Status.Failure>(Patience)).Cause).Error);

        await WatchAsync(push);
        push.Tell(Zmq.Close.Instance, TestActor);
        await ExpectMsgAsync(Zmq.Closed.Instance, Patience);
        await ExpectTerminatedAsync(push, Patience);
    }

    private async Task<Zmq.Received> PublishUntilReceivedAsync(IActorRef pub, Akka.TestKit.TestProbe receiver, string topic, string? alsoPublish = null)
    {
        // PUB cannot tell when a subscription arrived (the slow joiner): publish until one message passes.
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (alsoPublish is not null)
            {
                pub.Tell(new Zmq.Send(ZMessage.FromStrings(alsoPublish, "probe")), TestActor);
            }

            pub.Tell(new Zmq.Send(ZMessage.FromStrings(topic, "probe")), TestActor);
            var (any, envelope) = await receiver.TryReceiveOneAsync(TimeSpan.FromMilliseconds(50));
            if (any && envelope.Message is Zmq.Received received && received.Message.GetString(0) == topic)
            {
                return received;
            }
        }

        throw new TimeoutException($"nothing of '{topic}' arrived within {Patience.TotalSeconds:0.#} s");
    }

    private SocketOptions Options(int receiveWindow = 1000)
    {
        var options = _runtime.CreateOptions();
        options.Linger = TimeSpan.Zero;
        options.ReceiveWindow = receiveWindow;
        return options;
    }

    /// <summary>An application's ack.</summary>
    public sealed record Sent(int Sequence);
}
