using Akka.TestKit;
using RuntimeActors.TestKit;

namespace RuntimeActors.Reliability.Tests;

/// <summary>
/// An Akka.TestKit whose actor system runs a socket runtime with the tcp, ipc and inproc transports, so that tests create
/// real sockets and follow their monitor events with probes (as the EndToEnd suite's SocketTestKit, which this project
/// cannot reference).
/// </summary>
public abstract class ReliabilityTestKit : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    /// <param name="output">The test's output.</param>
    /// <param name="logLevel">The runtime's log level; INFO logs a line per connection ended, which the test output keeps in memory.</param>
    protected ReliabilityTestKit(ITestOutputHelper output, string logLevel = "INFO")
        : base(TestKitConfig.Default(logLevel), output: output)
    {
        Runtime = SocketRuntime.Create(Sys, builder => builder.AddTcp().AddIpc().AddInproc());
    }

    /// <summary>How long a test waits for something that must come.</summary>
    public static TimeSpan Patience { get; } = RuntimeActors.TestKit.Patience.Dilated(TimeSpan.FromSeconds(10));

    /// <summary>Options of a connecter that retries quickly, so that reconnections are seen within a test's patience.</summary>
    protected static SocketOptions FastReconnect => new()
    {
        Linger = TimeSpan.Zero,
        ReconnectInterval = TimeSpan.FromMilliseconds(20),
        ReconnectIntervalMax = TimeSpan.FromMilliseconds(200),
    };

    protected SocketRuntime Runtime { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await Runtime.DisposeAsync();

    /// <summary>A socket closed with the runtime; linger 0 unless the options say otherwise.</summary>
    protected ZSocket Socket(SocketType type, SocketOptions? options = null) =>
        Runtime.CreateSocket(type, options ?? new SocketOptions { Linger = TimeSpan.Zero });

    /// <summary>A fresh local endpoint of <paramref name="transport"/> to bind (tcp and ipc pick their own port or path).</summary>
    protected static string LocalEndpoint(string transport) => transport switch
    {
        "tcp" => "tcp://127.0.0.1:*",
        "ipc" => "ipc://*",
        "inproc" => $"inproc://reliability-{Guid.NewGuid():N}",
        var other => throw new InvalidOperationException($"no local endpoint is known for the transport '{other}'"),
    };

    /// <summary>Receives the next message, failing the test if none comes within <paramref name="timeout"/> (default <see cref="Patience"/>).</summary>
    protected static async Task<ZMessage> ReceiveAsync(ZSocket socket, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Patience;
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            return await socket.ReceiveAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"{socket} received nothing within {limit.TotalSeconds:0.#} s.");
        }
    }

    protected static async Task<IReadOnlyList<string>> ReceiveStringsAsync(ZSocket socket) => (await ReceiveAsync(socket)).GetStrings();

    /// <summary>Asserts that nothing arrives for a short while (an absence can only be shown by waiting).</summary>
    protected static void AssertNothingReceived(ZSocket socket, TimeSpan? during = null) =>
        Assert.False(socket.TryReceive(out var message, during ?? RuntimeActors.TestKit.Patience.Dilated(TimeSpan.FromMilliseconds(200))), $"unexpected {message}");

    /// <summary>A probe that gets every monitor event of <paramref name="socket"/>.</summary>
    protected TestProbe Monitor(ZSocket socket) => this.MonitorSocket(socket);

    /// <summary>Waits for the first event of <paramref name="kind"/>, skipping others.</summary>
    protected static Task<SocketEvent> ExpectEventAsync(TestProbe monitor, SocketEventKind kind, TimeSpan? timeout = null) =>
        monitor.ExpectSocketEventAsync(kind, timeout: timeout ?? Patience);
}
