using Akka.TestKit;
using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>
/// An Akka.TestKit whose actor system also runs a socket runtime with the tcp, ipc and inproc transports, so that tests can
/// create real sockets over loopback and follow their monitor events with probes.
/// </summary>
public abstract class SocketTestKit : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    protected SocketTestKit(ITestOutputHelper output)
        : base(TestKitConfig.Default(), output: output)
    {
        Runtime = SocketRuntime.Create(Sys, builder => builder.AddTcp().AddIpc().AddInproc());
    }

    /// <summary>How long a test waits for a message that must come.</summary>
    public static TimeSpan Patience { get; } = RuntimeActors.TestKit.Patience.Dilated(TimeSpan.FromSeconds(5));

    protected SocketRuntime Runtime { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await Runtime.DisposeAsync();

    /// <summary>A socket closed with the runtime; linger 0 unless the options say otherwise, so that teardown never waits for absent peers.</summary>
    protected ZSocket Socket(SocketType type, SocketOptions? options = null) =>
        Runtime.CreateSocket(type, options ?? new SocketOptions { Linger = TimeSpan.Zero });

    /// <summary>The transport that <see cref="BindLoopbackAsync"/> binds with; test classes that run over several transports override it.</summary>
    protected virtual string Transport => "tcp";

    /// <summary>Binds to a fresh local endpoint of <see cref="Transport"/> and returns the real endpoint.</summary>
    protected Task<string> BindLoopbackAsync(ZSocket socket) => socket.BindAsync(Transport switch
    {
        "tcp" => "tcp://127.0.0.1:*",
        "inproc" => $"inproc://test-{Guid.NewGuid():N}",
        var other => throw new InvalidOperationException($"no local endpoint is known for the transport '{other}'"),
    }).AsTask();

    /// <summary>Receives the next message, failing the test if none comes in time.</summary>
    protected static async Task<ZMessage> ReceiveAsync(ZSocket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await socket.ReceiveAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{socket} received nothing within {Patience.TotalSeconds:0.#} s.");
        }
    }

    protected static async Task<IReadOnlyList<string>> ReceiveStringsAsync(ZSocket socket) => (await ReceiveAsync(socket)).GetStrings();

    /// <summary>Asserts that nothing arrives for a short while (a drop or a filter is an absence).</summary>
    protected static void AssertNothingReceived(ZSocket socket, TimeSpan? during = null) =>
        Assert.False(socket.TryReceive(out var message, during ?? RuntimeActors.TestKit.Patience.Dilated(TimeSpan.FromMilliseconds(200))), $"unexpected {message}");

    /// <summary>A probe that gets every monitor event of <paramref name="socket"/>.</summary>
    protected TestProbe Monitor(ZSocket socket) => this.MonitorSocket(socket);

    /// <summary>Waits for the first event of <paramref name="kind"/>, skipping others.</summary>
    protected static Task<SocketEvent> ExpectEventAsync(TestProbe monitor, SocketEventKind kind, TimeSpan? timeout = null) =>
        monitor.ExpectSocketEventAsync(kind, timeout: timeout ?? Patience);

    /// <summary>
    /// Waits until a subscription reached the publisher: PUB has no way to tell, so send probes until one
    /// arrives (the "slow joiner" of the ZeroMQ guide), then drain the probes.
    /// </summary>
    protected static async Task AwaitSubscribedAsync(ZSocket publisher, ZSocket subscriber, string topic)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await publisher.SendAsync(topic, "probe");
            if (subscriber.TryReceive(out var message, TimeSpan.FromMilliseconds(20)))
            {
                Assert.Equal([topic, "probe"], message.GetStrings());
                while (subscriber.TryReceive(out _, TimeSpan.FromMilliseconds(50)))
                {
                }

                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the subscription to '{topic}' did not reach the publisher within {Patience.TotalSeconds:0.#} s.");
            }
        }
    }
}
