using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace RuntimeActors.Wire.Benchmarks;

/// <summary>
/// The bound side of the scale rows (bench/libzmq/zscale.c is libzmq's, and the connecting side of both):
/// many peers on one socket, the memory they cost it, and every one of them served.
/// </summary>
internal static class Scale
{
    /// <summary>ROUTER: one request from each of <paramref name="peers"/> peers, memory measured, a reply to each.</summary>
    public static async Task<string> RouterAsync(SocketRuntime runtime, string endpoint, int peers, string ready)
    {
        var before = Memory.Measure();
        var started = Stopwatch.GetTimestamp();
        var router = runtime.CreateSocket(SocketType.Router, new SocketOptions { RouterMandatory = true });
        await using (router.ConfigureAwait(false))
        {
            ReadyFile.Write(ready, await router.BindAsync(endpoint).ConfigureAwait(false));
            var requests = new ZMessage[peers];
            var seen = new HashSet<string>(peers);
            for (var i = 0; i < peers; i++)
            {
                requests[i] = await router.ReceiveAsync().ConfigureAwait(false);
                if (!seen.Add(Convert.ToHexString(requests[i][0].Span)))
                {
                    throw new InvalidOperationException($"a second request from routing id {Convert.ToHexString(requests[i][0].Span)}");
                }
            }

            var line = Report(peers, before, started);
            foreach (var request in requests)
            {
                // [routing id, request]: the request goes back to the peer it came from.
                await router.SendAsync(request).ConfigureAwait(false);
            }

            return line;
        }
    }

    /// <summary>XPUB: <paramref name="peers"/> subscriptions, memory measured, then <paramref name="messages"/> messages round-robin over <paramref name="topics"/> topics.</summary>
    public static async Task<string> PublishAsync(SocketRuntime runtime, string endpoint, int peers, long messages, long topics, string ready)
    {
        var before = Memory.Measure();
        var started = Stopwatch.GetTimestamp();
        // XPUB with XPUB_VERBOSE is a PUB that tells when each subscriber is in, so nothing is published too early.
        var publisher = runtime.CreateSocket(SocketType.XPub, new SocketOptions { XPubVerbose = true });
        await using (publisher.ConfigureAwait(false))
        {
            ReadyFile.Write(ready, await publisher.BindAsync(endpoint).ConfigureAwait(false));
            for (var subscriptions = 0; subscriptions < peers;)
            {
                var report = await publisher.ReceiveAsync().ConfigureAwait(false);
                if (report[0].Length > 0 && report[0].Span[0] == 1)
                {
                    subscriptions++;
                }
            }

            var line = Report(peers, before, started);
            for (long i = 0; i < messages; i++)
            {
                await publisher.SendAsync(ZMessage.FromStrings(string.Create(CultureInfo.InvariantCulture, $"topic-{i % topics}:{i / topics}"))).ConfigureAwait(false);
            }

            return line;
        }
    }

    private static string Report(int peers, Memory before, long started)
    {
        var after = Memory.Measure();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"scale peers={peers} rss_per_conn={(double)(after.Resident - before.Resident) / peers:F0} heap_per_conn={(double)(after.Heap - before.Heap) / peers:F0} seconds={Stopwatch.GetElapsedTime(started).TotalSeconds:F6}");
    }

    /// <summary>Resident memory (as libzmq's side reads it, from /proc/self/statm) and the live managed heap after a full collection.</summary>
    /// <remarks>
    /// The collection is aggressive (it gives back to the system what the heap does not use): after an ordinary one the
    /// resident figure swung between 24 and 53 KB per subscriber from run to run with how much free space the GC kept.
    /// </remarks>
    private readonly record struct Memory(long Resident, long Heap)
    {
        public static Memory Measure()
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var heap = GC.GetTotalMemory(forceFullCollection: false);
            var fields = File.ReadAllText("/proc/self/statm", Encoding.ASCII).Split(' ');
            return new Memory(long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize, heap);
        }
    }
}
