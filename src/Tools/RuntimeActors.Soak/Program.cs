using System.Globalization;

namespace RuntimeActors.Soak;

/// <summary>
/// The soak: every workload at once for the minutes asked, then one line on stdout,
/// <c>soak minutes=N messages=M lost=L rss_start=X rss_end=Y gen2=G</c> (X and Y in MiB), and the per-workload
/// detail on stderr. Exit 0 when nothing was lost, duplicated or damaged, no step failed and (for runs of 5 minutes
/// or more) the resident memory at the end is at most 1.5 times that after warm-up plus 50 MiB; 1 otherwise; 2 for
/// a wrong command line.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: RuntimeActors.Soak --minutes N --peer scripts/soak_peer.py [--python /usr/bin/python3] [--rate MSGS_PER_S] [--restart-seconds S]";

    private static async Task<int> Main(string[] args)
    {
        var settings = Parse(args);
        if (settings is null)
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        await using var runtime = SocketRuntime.Create(transports => transports.AddTcp().AddIpc().AddInproc());
        var factories = new Func<int, int, Workload>[]
        {
            (i, n) => ThroughLibzmqWorkload.PushPull(settings, runtime, i, n),
            (i, n) => new ReqRepWorkload(settings, runtime, i, n),
            (i, n) => new DealerRouterWorkload(settings, runtime, i, n),
            (i, n) => new PairWorkload(settings, runtime, i, n),
            (i, n) => ThroughLibzmqWorkload.PubSub(settings, runtime, i, n),
            (i, n) => new XPubXSubWorkload(settings, runtime, i, n),
        };
        var workloads = factories.Select((create, i) => create(i, factories.Length)).ToArray();
        try
        {
            return await RunAsync(settings, workloads).ConfigureAwait(false);
        }
        finally
        {
            foreach (var workload in workloads)
            {
                workload.Dispose();
            }
        }
    }

    private static async Task<int> RunAsync(SoakSettings settings, Workload[] workloads)
    {

        using var stop = new CancellationTokenSource(settings.Duration);
        // Past the run, the drains and the closing: whatever still waits then has hung.
        using var abort = new CancellationTokenSource(settings.Duration + SoakSettings.DrainLimit + TimeSpan.FromMinutes(2));
        var running = workloads.Select(w => Task.Run(() => w.RunAsync(stop.Token, abort.Token), CancellationToken.None)).ToArray();

        await Task.Delay(settings.Warmup, CancellationToken.None).ConfigureAwait(false);
        var rssStart = ProcessMemory.ResidentMegabytes();
        await Console.Error.WriteLineAsync($"soak: warm-up over after {settings.Warmup.TotalSeconds} s, rss {rssStart} MiB").ConfigureAwait(false);
        var progress = ReportProgressAsync(workloads, settings, stop.Token);

        var failures = new List<string>();
        foreach (var (workload, task) in workloads.Zip(running))
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception e) when (e is ZmqException or OperationCanceledException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                failures.Add($"{workload.Name}: {e.GetType().Name}: {e.Message}");
            }
        }

        await progress.ConfigureAwait(false);
        var gen2 = GC.CollectionCount(2);
        var rssEnd = ProcessMemory.ResidentMegabytes();

        foreach (var w in workloads)
        {
            await Console.Error.WriteLineAsync(
                $"soak: {w.Name,-34} sent={w.Sent} received={w.Check.Next - w.Check.Gaps} lost={w.Lost} dropped={w.Dropped} duplicates={w.Check.Duplicates} corrupt={w.Check.Corrupt} restarts={w.Restarts}").ConfigureAwait(false);
            if (w.Check.Duplicates > 0 || w.Check.Corrupt > 0)
            {
                failures.Add($"{w.Name}: {w.Check.Duplicates} duplicated or reordered, {w.Check.Corrupt} damaged");
            }

            failures.AddRange(w.Problems.Select(problem => $"{w.Name}: {problem}"));
        }

        var lost = workloads.Sum(w => w.Lost);
        var messages = workloads.Sum(w => w.Sent);
        if (lost > 0)
        {
            failures.Add($"{lost} messages lost");
        }

        // Growth is judged only on runs long enough for the heap to have settled after warm-up.
        var rssLimit = (long)(1.5 * rssStart) + 50;
        if (settings.Minutes >= 5 && rssEnd > rssLimit)
        {
            failures.Add($"resident memory grew from {rssStart} MiB to {rssEnd} MiB, over the limit of {rssLimit} MiB");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak minutes={settings.Minutes} messages={messages} lost={lost} rss_start={rssStart} rss_end={rssEnd} gen2={gen2}"));
        foreach (var failure in failures)
        {
            await Console.Error.WriteLineAsync($"soak: FAILED: {failure}").ConfigureAwait(false);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task ReportProgressAsync(Workload[] workloads, SoakSettings settings, CancellationToken stop)
    {
        var started = DateTime.UtcNow - settings.Warmup;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMinutes(1), stop).ConfigureAwait(false);
                var minute = (int)Math.Round((DateTime.UtcNow - started).TotalMinutes);
                await Console.Error.WriteLineAsync(
                    $"soak: minute {minute}: messages={workloads.Sum(w => w.Sent)} lost_so_far={workloads.Sum(w => w.Check.Gaps * (w.Guaranteed ? 1 : 0))} restarts={workloads.Sum(w => w.Restarts)} rss={ProcessMemory.ResidentMegabytes()} MiB gen2={GC.CollectionCount(2)}").ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private static SoakSettings? Parse(string[] args)
    {
        int? minutes = null;
        var rate = 2000;
        var restartSeconds = 10;
        var python = "/usr/bin/python3";
        string? peer = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--minutes" when int.TryParse(value, CultureInfo.InvariantCulture, out var m) && m > 0:
                    minutes = m;
                    break;
                case "--rate" when int.TryParse(value, CultureInfo.InvariantCulture, out var r) && r > 0:
                    rate = r;
                    break;
                case "--restart-seconds" when int.TryParse(value, CultureInfo.InvariantCulture, out var s) && s > 0:
                    restartSeconds = s;
                    break;
                case "--python":
                    python = value;
                    break;
                case "--peer":
                    peer = value;
                    break;
                default:
                    return null;
            }
        }

        return args.Length % 2 == 0 && minutes is not null && peer is not null
            ? new SoakSettings(minutes.Value, rate, TimeSpan.FromSeconds(restartSeconds), python, peer)
            : null;
    }
}
