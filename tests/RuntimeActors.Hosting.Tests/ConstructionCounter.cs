namespace RuntimeActors.Hosting.Tests;

/// <summary>Counts constructions, which tells a test that every instance, restarts included, is made through DI.</summary>
public sealed class ConstructionCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
