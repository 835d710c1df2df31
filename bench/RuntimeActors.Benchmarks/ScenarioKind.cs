namespace RuntimeActors.Benchmarks;

/// <summary>The scenarios selectable with --scenario.</summary>
internal enum ScenarioKind
{
    All,
    OneWay,
    PingPong,
    FanIn,
}
