using System.Globalization;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace RuntimeActors.Benchmarks;

internal static class Program
{
    // Senders of the fan-in scenario, and the chunk and window of the chunked and windowed senders.
    private const int FanInSenders = 8;
    private const int Chunk = 1000;
    private const int Window = 16;

    private static int Main(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(BenchmarkOptions.Usage);
            return 0;
        }

        var options = BenchmarkOptions.Parse(args, out var error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(BenchmarkOptions.Usage);
            return 2;
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"RuntimeActors kernel benchmarks: {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, throughput {options.Throughput}, {options.Messages:N0} messages"));
        WriteLoad("before");

        var results = new List<Measurement>();
        foreach (var (factory, operations) in Plan(options))
        {
            var measurement = MeasureOne(factory, operations);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {measurement.Scenario} / {measurement.Variant}: {measurement.OperationsPerSecond:N0} {measurement.Unit}/s"));
            results.Add(measurement);
        }

        WriteLoad("after");
        Console.WriteLine();
        ResultTable.Write(Console.Out, results);
        return 0;
    }

    // Not inlined, so that no stack slot of Main keeps a finished benchmark reachable: a mailbox keeps the
    // largest queue segment it ever grew (24 MB after a big backlog), which would burden the next benchmark's GCs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Measurement MeasureOne(Func<Benchmark> factory, long operations)
    {
        using var benchmark = factory();
        return BenchmarkRunner.Measure(benchmark, operations);
    }

    // On two cores any other busy process halves the figures, so the load is printed to tell such runs apart.
    private static void WriteLoad(string when)
    {
        const string LoadAverage = "/proc/loadavg";
        if (File.Exists(LoadAverage))
        {
            Console.WriteLine($"  load average {when}: {File.ReadAllText(LoadAverage).Trim()}");
        }
    }

    private static IEnumerable<(Func<Benchmark> Factory, long Operations)> Plan(BenchmarkOptions options)
    {
        var t = options.Throughput;
        var n = options.Messages;
        if (options.Scenario is ScenarioKind.All or ScenarioKind.OneWay)
        {
            foreach (var mode in Enum.GetValues<SendMode>())
            {
                yield return (() => new TellBenchmark("one-way", mode, 1, Chunk, Window, t), n);
            }
        }

        if (options.Scenario is ScenarioKind.All or ScenarioKind.PingPong)
        {
            yield return (() => new PingPongBenchmark(t), options.RoundTrips);
        }

        if (options.Scenario is ScenarioKind.All or ScenarioKind.FanIn)
        {
            foreach (var mode in new[] { SendMode.Loop, SendMode.Chunked, SendMode.Windowed })
            {
                yield return (() => new TellBenchmark($"fan-in {FanInSenders}:1", mode, FanInSenders, Chunk, Window, t), n);
            }
        }
    }
}
