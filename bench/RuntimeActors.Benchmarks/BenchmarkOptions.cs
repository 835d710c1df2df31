using System.Globalization;

namespace RuntimeActors.Benchmarks;

/// <summary>The command line of the benchmark program.</summary>
internal sealed record BenchmarkOptions(long Messages, ScenarioKind Scenario, int Throughput)
{
    public const string Usage = """
        Usage: RuntimeActors.Benchmarks [--messages N] [--scenario oneway|pingpong|fanin|all] [--throughput T]

          --messages N     one-way and fan-in messages per measured run (default 20000000);
                           ping-pong makes N/10 round trips. '_' may group digits: 20_000_000.
          --scenario S     oneway, pingpong, fanin or all (default all).
          --throughput T   messages an actor processes per turn, ActorSystemOptions.Throughput (default 100).
          --help           this text.
        """;

    public static BenchmarkOptions Default { get; } = new(20_000_000, ScenarioKind.All, 100);

    public long RoundTrips => Math.Max(Messages / 10, 1);

    /// <summary>Parses <paramref name="args"/>; returns null with <paramref name="error"/> set when they are invalid.</summary>
    public static BenchmarkOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = Default;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--messages" or "--scenario" or "--throughput"))
            {
                error = $"Unknown argument '{name}'.";
                return null;
            }

            if (i + 1 == args.Count)
            {
                error = $"{name} needs a value.";
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--messages" when TryParsePositive(value, out var messages):
                    options = options with { Messages = messages };
                    break;
                case "--scenario" when TryParseScenario(value, out var scenario):
                    options = options with { Scenario = scenario };
                    break;
                case "--throughput" when TryParsePositive(value, out var throughput) && throughput <= int.MaxValue:
                    options = options with { Throughput = (int)throughput };
                    break;
                default:
                    error = $"Invalid value '{value}' for {name}.";
                    return null;
            }
        }

        return options;
    }

    private static bool TryParsePositive(string text, out long value) =>
        long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out value)
        && value > 0;

    private static bool TryParseScenario(string text, out ScenarioKind scenario)
    {
        scenario = text switch
        {
            "oneway" => ScenarioKind.OneWay,
            "pingpong" => ScenarioKind.PingPong,
            "fanin" => ScenarioKind.FanIn,
            "all" => ScenarioKind.All,
            _ => (ScenarioKind)(-1),
        };
        return Enum.IsDefined(scenario);
    }
}
