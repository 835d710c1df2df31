namespace RuntimeActors.Hosting;

/// <summary>What <see cref="RuntimeActorsBuilder"/> collected: the system's name and the start steps.</summary>
internal sealed class RuntimeActorsSetup(string systemName, IReadOnlyList<StartupStep> steps)
{
    public string SystemName { get; } = systemName;

    public IReadOnlyList<StartupStep> Steps { get; } = steps;
}
