using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RuntimeActors.Hosting.Tests;

/// <summary>
/// Sockets set up by <c>WithSocket&lt;TKey&gt;</c> in a host run by Akka.Hosting.TestKit: found through
/// <c>IRequiredActor&lt;TKey&gt;</c> and <see cref="IRequiredSocket{TKey}"/>, bound over tcp loopback, and talking to
/// sockets of the same runtime and to libzmq.
/// </summary>
public sealed class HostedSocketTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit("hosted-sockets", output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    protected override void ConfigureServices(HostBuilderContext context, IServiceCollection services) =>
        services.AddSocketRuntimeServices();

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) => builder
        .WithSocketRuntime(t => t.AddTcp(), Akka.Configuration.ConfigurationFactory.ParseString("runtime-actors.socket.linger = 2s"))
        .WithSocket<Inbox>(SocketType.Pull, s => s.Bind("tcp://127.0.0.1:*"))
        .WithSocket<Outbox>(SocketType.Push, s => s.Bind("tcp://127.0.0.1:*").Options(o => o.SendHighWaterMark = 10))
        .WithSocket<Replies>(SocketType.Rep, s => s.Bind("tcp://127.0.0.1:*"));

    private T Service<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    [Fact]
    public async Task RequiredActorAndRequiredSocketAreTheSameBoundSocket()
    {
        var actor = await Service<IRequiredActor<Inbox>>().GetAsync(TestContext.Current.CancellationToken);
        var socket = await Service<IRequiredSocket<Inbox>>().GetAsync(TestContext.Current.CancellationToken);

        Assert.Equal(actor, socket.Actor);
        Assert.Same(socket, Service<IRequiredSocket<Inbox>>().Socket);
        Assert.Equal(SocketType.Pull, socket.Type);
        Assert.StartsWith("tcp://127.0.0.1:", socket.LastEndpoint, StringComparison.Ordinal);
        Assert.Same(SocketRuntime.Get(Sys), Service<SocketRuntime>());
    }

    [Fact]
    public async Task OptionsOfTheSetupAndOfTheRuntimeHoconApply()
    {
        var socket = Service<IRequiredSocket<Outbox>>().Socket;

        Assert.Equal(10, socket.Options.SendHighWaterMark);
        Assert.Equal(TimeSpan.FromSeconds(2), socket.Options.Linger);
        Assert.Equal("2s", Sys.Settings.Config.GetString("runtime-actors.socket.linger"));
        Assert.Equal(1000, Sys.Settings.Config.GetInt("runtime-actors.socket.receive-high-water-mark"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task DotNetFaceReceivesWhatASocketOfTheRuntimeSends()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var inbox = await Service<IRequiredSocket<Inbox>>().GetAsync(cancellation);
        await using var push = Service<SocketRuntime>().CreateSocket(SocketType.Push);
        await push.ConnectAsync(inbox.LastEndpoint!, cancellation);

        await push.SendAsync(ZMessage.FromStrings("hello", "inbox"), cancellation).AsTask().WaitAsync(Patience, cancellation);
        var message = await inbox.ReceiveAsync(cancellation).AsTask().WaitAsync(Patience, cancellation);

        Assert.Equal(["hello", "inbox"], [message.GetString(0), message.GetString(1)]);
    }

    [Fact]
    public async Task ActorFromTheRegistrySendsWithAcks()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var outbox = ActorRegistry.Get<Outbox>();
        var endpoint = Service<IRequiredSocket<Outbox>>().Socket.LastEndpoint!;
        await using var pull = Service<SocketRuntime>().CreateSocket(SocketType.Pull);
        await pull.ConnectAsync(endpoint, cancellation);

        // PUSH with no peer yet refuses with EAGAIN at once; it says when a pipe has room (the peer came).
        outbox.Tell(new Zmq.Send(ZMessage.FromStrings("via", "actor"), "queued"), TestActor);
        var answer = await ExpectMsgAsync<object>(Patience, cancellationToken: cancellation);
        if (answer is Zmq.SendFailed failed)
        {
            Assert.Equal(ZmqError.WouldBlock, failed.Error);
            outbox.Tell(Zmq.ResumeWriting.Instance, TestActor);
            await ExpectMsgAsync<Zmq.WritingResumed>(Patience, cancellationToken: cancellation);
            outbox.Tell(new Zmq.Send(failed.Message, "queued"), TestActor);
            answer = await ExpectMsgAsync<object>(Patience, cancellationToken: cancellation);
        }

        Assert.Equal("queued", answer);
        var message = await pull.ReceiveAsync(cancellation).AsTask().WaitAsync(Patience, cancellation);
        Assert.Equal("via/actor", $"{message.GetString(0)}/{message.GetString(1)}");
    }

    [Fact]
    public async Task LibzmqRequesterGetsAReplyFromTheHostedRepSocket()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var replies = await Service<IRequiredSocket<Replies>>().GetAsync(cancellation);
        const string requester = """
            import sys, zmq
            context = zmq.Context()
            req = context.socket(zmq.REQ)
            req.setsockopt(zmq.RCVTIMEO, 15000)
            req.setsockopt(zmq.LINGER, 0)
            req.connect(sys.argv[1])
            req.send_multipart([b"ping", b"from libzmq"])
            print(b"|".join(req.recv_multipart()).decode())
            req.close()
            context.term()
            """;

        var peer = LibzmqPeer.RunAsync(requester, Patience, replies.LastEndpoint!);
        var request = await replies.ReceiveAsync(cancellation).AsTask().WaitAsync(Patience, cancellation);
        await replies.SendAsync(ZMessage.FromStrings("pong", $"to {request.GetString(1)}"), cancellation);

        Assert.Equal("ping", request.GetString(0));
        Assert.Equal("pong|to from libzmq", await peer);
    }
}
