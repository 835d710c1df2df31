using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RuntimeActors.Monitoring;
using RuntimeActors.TestKit;

namespace RuntimeActors.Reliability.Tests;

/// <summary>
/// Many peers connecting and vanishing at once against one ROUTER: it keeps serving a steady DEALER, and what the
/// vanished peers cost (pipes, memory) is given back.
/// </summary>
// WARNING: at INFO the runtime logs each ended connection, and the test output would hold 100,000 lines in memory.
public sealed class ChurnTests(ITestOutputHelper output) : ReliabilityTestKit(output, "WARNING")
{
    /// <summary>The goal: short-lived connections a second.</summary>
    private const int TargetRate = 1000;

    /// <summary>
    /// The rate asserted: what two shared cores sustain with the rest of the suite running beside, with a margin (this
    /// machine held the full 1,000 a second with another full test run beside it; the output gives each run's rate).
    /// </summary>
    private const int RateFloor = 250;

    /// <summary>How long the churn lasts; RELIABILITY_CHURN_SECONDS shortens it for a quick local run.</summary>
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_CHURN_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 60);

    private static readonly byte[] Hello = [.. ZmtpTestFrames.Greeting(), .. ZmtpTestFrames.Ready("DEALER")];

    [Fact]
    public async Task A_router_under_a_storm_of_short_lived_connections_keeps_serving_and_returns_to_its_baseline()
    {
        var router = Socket(SocketType.Router, new SocketOptions { Linger = TimeSpan.Zero, MetricsIncludeEndpoint = true });
        var endpoint = await router.BindAsync(LocalEndpoint("tcp"));
        var target = new IPEndPoint(IPAddress.Loopback, new Uri(endpoint).Port);
        using var stop = new CancellationTokenSource();
        var echoing = EchoAsync(router, stop.Token);
        var steady = Socket(SocketType.Dealer);
        await steady.ConnectAsync(endpoint);
        Assert.Equal(["warm-up"], await RoundTripAsync(steady, "warm-up"));
        for (var i = 0; i < 200; i++)
        {
            await ShortLivedConnectionAsync(target, CancellationToken.None);
        }

        await AwaitAssertAsync(() => Assert.Equal(1, RuntimeMetrics.LivePipesWith(endpoint)), Patience);
        var (heapBefore, workingSetBefore) = Measure();

        // The storm: workers take numbered slots, slot n due n/TargetRate seconds after the start, and run late rather than skip.
        var clock = Stopwatch.StartNew();
        var slots = -1;
        var done = 0;
        var failed = 0;
        var workers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var slot = Interlocked.Increment(ref slots);
                var due = TimeSpan.FromSeconds((double)slot / TargetRate);
                if (due >= Duration)
                {
                    return;
                }

                // Pacing the load, not waiting for an event.
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                if (clock.Elapsed >= Duration)
                {
                    return;
                }

                try
                {
                    await ShortLivedConnectionAsync(target, stop.Token);
                    Interlocked.Increment(ref done);
                }
                catch (Exception e) when (e is SocketException or IOException or TimeoutException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();

        // Meanwhile the steady DEALER must get every reply, each in time.
        var replies = 0;
        var slowest = TimeSpan.Zero;
        while (!workers.All(w => w.IsCompleted))
        {
            var asked = Stopwatch.StartNew();
            var text = replies.ToString(CultureInfo.InvariantCulture);
            Assert.Equal([text], await RoundTripAsync(steady, text));
            slowest = asked.Elapsed > slowest ? asked.Elapsed : slowest;
            replies++;

            // Pacing: a request every 50 ms is service enough to show, and leaves the cores to the storm.
            await Task.WhenAny(Task.WhenAll(workers), Task.Delay(50));
        }

        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var rate = done / elapsed.TotalSeconds;

        // Every vanished peer's pipe is gone; only the steady DEALER's is left.
        await AwaitAssertAsync(() => Assert.Equal(1, RuntimeMetrics.LivePipesWith(endpoint)), Patience);
        var (heapAfter, workingSetAfter) = Measure();
        Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{done} short-lived connections in {elapsed.TotalSeconds:0.0} s: {rate:0} a second (goal {TargetRate}); {failed} failed; " +
            $"steady DEALER: {replies} replies, slowest {slowest.TotalMilliseconds:0} ms; " +
            $"managed heap {heapBefore / 1024 / 1024.0:0.0} -> {heapAfter / 1024 / 1024.0:0.0} MiB; working set {workingSetBefore / 1024 / 1024.0:0} -> {workingSetAfter / 1024 / 1024.0:0} MiB"));

        Assert.True(rate >= RateFloor, $"{rate:0} connections a second, below the floor {RateFloor}");
        Assert.True(failed <= done / 100, $"{failed} of {done + failed} connections failed");
        Assert.True(replies >= Duration.TotalSeconds * 5, $"the steady DEALER got only {replies} replies");
        Assert.True(heapAfter < heapBefore + (64L * 1024 * 1024), $"the managed heap grew from {heapBefore} to {heapAfter} bytes");
        Assert.True(workingSetAfter < workingSetBefore + (256L * 1024 * 1024), $"the working set grew from {workingSetBefore} to {workingSetAfter} bytes");

        await steady.DisposeAsync();
        await AwaitAssertAsync(() => Assert.Equal(0, RuntimeMetrics.LivePipesWith(endpoint)), Patience);
        await stop.CancelAsync();
        await echoing;
    }

    /// <summary>Connects, says hello as a DEALER, waits for the ROUTER's greeting and READY (the handshake is complete), and resets the connection.</summary>
    private static async Task ShortLivedConnectionAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        using var socket = new System.Net.Sockets.Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, timeout.Token);
            await socket.SendAsync(Hello, SocketFlags.None, timeout.Token);
            var buffer = new byte[512];
            var read = 0;
            while (read < ZmtpTestFrames.GreetingLength + 2 || read < ZmtpTestFrames.GreetingLength + 2 + buffer[ZmtpTestFrames.GreetingLength + 1])
            {
                var got = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
                if (got == 0)
                {
                    throw new IOException("the ROUTER closed during the handshake");
                }

                read += got;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("no handshake from the ROUTER in time");
        }

        // An RST: the peer vanishes, and leaves no TIME_WAIT to exhaust the ephemeral ports over a minute of this.
        socket.LingerState = new LingerOption(true, 0);
    }

    private static async Task<IReadOnlyList<string>> RoundTripAsync(ZSocket dealer, string text)
    {
        await dealer.SendAsync(text);
        return (await ReceiveAsync(dealer)).GetStrings();
    }

    private static async Task EchoAsync(ZSocket router, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await router.SendAsync(await router.ReceiveAsync(cancellationToken), cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ZmqException)
        {
            // Stopped with the test, or the socket closed.
        }
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }
}
