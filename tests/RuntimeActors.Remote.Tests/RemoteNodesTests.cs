using Akka.Actor;
using Akka.TestKit;
using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.Remote.Tests;

/// <summary>
/// Two actor systems in one process, joined by Akka.Remote over loopback: node A runs the sockets, node B's actors
/// command them, receive their messages, monitor them and get their failures, every message crossing the wire.
/// </summary>
public sealed class RemoteNodesTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private readonly SocketRuntime _runtimeA;
    private readonly ActorSystem _nodeB;

    public RemoteNodesTests(ITestOutputHelper output)
        : base(RemoteConfig.Node(), "node-a", output)
    {
        _runtimeA = SocketRuntime.Create(Sys, builder => builder.AddTcp());
        _nodeB = ActorSystem.Create("node-b", RemoteConfig.Node());

        // B runs no socket; starting the runtime's extension is what binds the serializers its messages need.
        SocketRuntime.Get(_nodeB);
    }

    private static TimeSpan Patience { get; } = RuntimeActors.TestKit.Patience.Dilated(TimeSpan.FromSeconds(10));

    private Address AddressA => ((ExtendedActorSystem)Sys).Provider.DefaultAddress;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _runtimeA.DisposeAsync();
        await _nodeB.Terminate();
    }

    [Fact]
    public async Task An_actor_on_B_commands_sockets_on_A_receives_their_messages_and_monitors_them()
    {
        var commander = CreateTestProbe(_nodeB);
        var receiver = CreateTestProbe(_nodeB);
        var monitor = CreateTestProbe(_nodeB);

        // A's socket delivers to B's receiver through a remote reference A resolved to it.
        var receiverSeenFromA = await Sys.ActorSelection(receiver.Ref.Path.ToStringWithAddress(((ExtendedActorSystem)_nodeB).Provider.DefaultAddress)).ResolveOne(Patience);
        Assert.IsNotType<LocalActorRef>(receiverSeenFromA);
        Sys.ActorOf(_runtimeA.SocketProps(SocketType.Pull, Options(receiveWindow: 1), receiverSeenFromA), "pull");
        Sys.ActorOf(_runtimeA.SocketProps(SocketType.Push, Options()), "push");
        var pull = await _nodeB.ActorSelection($"{AddressA}/user/pull").ResolveOne(Patience);
        var push = await _nodeB.ActorSelection($"{AddressA}/user/push").ResolveOne(Patience);

        // The monitor's reference crosses to A inside Zmq.Monitor; A's events cross back.
        pull.Tell(new Zmq.Monitor(monitor.Ref), commander.Ref);
        pull.Tell(new Zmq.Bind("tcp://127.0.0.1:*"), commander.Ref);
        var bound = await commander.ExpectMsgAsync<Zmq.Bound>(Patience);
        var listening = await monitor.ExpectSocketEventAsync(SocketEventKind.Listening, bound.Endpoint, Patience);
        Assert.Equal(pull, listening.Socket);
        push.Tell(new Zmq.Connect(bound.Endpoint), commander.Ref);
        await commander.ExpectMsgAsync(new Zmq.Connecting(bound.Endpoint), Patience);
        await monitor.ExpectSocketEventAsync(SocketEventKind.HandshakeSucceeded, timeout: Patience);

        var body = new byte[64 * 1024];
        Random.Shared.NextBytes(body);
        push.Tell(new Zmq.Send(ZMessage.FromFrames("header"u8.ToArray(), body), "queued"), commander.Ref);
        await commander.ExpectMsgAsync("queued", Patience);

        var received = await receiver.ExpectMsgAsync<Zmq.Received>(Patience);
        var socketSeenFromB = receiver.LastSender;
        Assert.Equal(pull, socketSeenFromB);
        Assert.Equal("header", received.Message.GetString(0));
        Assert.Equal(Convert.ToHexString(body), Convert.ToHexString(received.Message[1].Span));
        Assert.Equal("127.0.0.1", received.Message.PeerAddress);
        Assert.Equal("PUSH", received.Message.GetProperty("Socket-Type"));

        // The window is one message: the next comes only once the ack crossed back.
        push.Tell(new Zmq.Send(ZMessage.FromStrings("second")), commander.Ref);
        await receiver.ExpectNoMsgAsync(RuntimeActors.TestKit.Patience.Dilated(TimeSpan.FromMilliseconds(300)));
        socketSeenFromB.Tell(Zmq.ReceiveAck.One, receiver.Ref);
        Assert.Equal(["second"], (await receiver.ExpectMsgAsync<Zmq.Received>(Patience)).Message.GetStrings());
    }

    [Fact]
    public async Task A_failed_bind_reaches_B_as_a_failure_with_the_ZmqException_code_and_endpoint()
    {
        var commander = CreateTestProbe(_nodeB);
        var monitor = CreateTestProbe(_nodeB);
        Sys.ActorOf(_runtimeA.SocketProps(SocketType.Pull, Options()), "first");
        Sys.ActorOf(_runtimeA.SocketProps(SocketType.Pull, Options()), "second");
        var first = await _nodeB.ActorSelection($"{AddressA}/user/first").ResolveOne(Patience);
        var second = await _nodeB.ActorSelection($"{AddressA}/user/second").ResolveOne(Patience);
        first.Tell(new Zmq.Bind("tcp://127.0.0.1:*"), commander.Ref);
        var bound = await commander.ExpectMsgAsync<Zmq.Bound>(Patience);
        second.Tell(new Zmq.Monitor(monitor.Ref), commander.Ref);

        second.Tell(new Zmq.Bind(bound.Endpoint), commander.Ref);

        var failure = await commander.ExpectMsgAsync<Status.Failure>(Patience);
        var error = Assert.IsType<ZmqException>(failure.Cause);
        Assert.Equal(ZmqError.AddressInUse, error.Error);
        Assert.Equal(bound.Endpoint, error.Endpoint);
        Assert.StartsWith($"EADDRINUSE: {bound.Endpoint}: ", error.Message, StringComparison.Ordinal);
        var failed = await monitor.ExpectSocketEventAsync(SocketEventKind.BindFailed, bound.Endpoint, Patience);
        Assert.Equal(ZmqError.AddressInUse, Assert.IsType<ZmqException>(failed.Error).Error);
    }

    [Fact]
    public async Task A_send_refused_on_A_comes_back_to_B_with_its_message_and_writing_resumes_there()
    {
        var commander = CreateTestProbe(_nodeB);
        Sys.ActorOf(_runtimeA.SocketProps(SocketType.Push, Options()), "lonely-push");
        var push = await _nodeB.ActorSelection($"{AddressA}/user/lonely-push").ResolveOne(Patience);

        push.Tell(new Zmq.Send(ZMessage.FromStrings("nobody", "listens")), commander.Ref);

        var failed = await commander.ExpectMsgAsync<Zmq.SendFailed>(Patience);
        Assert.Equal(ZmqError.WouldBlock, failed.Error);
        Assert.Equal(["nobody", "listens"], failed.Message.GetStrings());
        push.Tell(Zmq.ResumeWriting.Instance, commander.Ref);
        var pull = _runtimeA.CreateSocket(SocketType.Pull, Options());
        var endpoint = await pull.BindAsync("tcp://127.0.0.1:*");
        push.Tell(new Zmq.Connect(endpoint), commander.Ref);
        await commander.FishForMessageAsync<Zmq.WritingResumed>(_ => true, Patience);
    }

    private SocketOptions Options(int receiveWindow = 1000)
    {
        var options = _runtimeA.CreateOptions();
        options.Linger = TimeSpan.Zero;
        options.ReceiveWindow = receiveWindow;
        return options;
    }
}
