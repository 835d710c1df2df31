namespace RuntimeActors.Actors.Tests;

/// <summary>A clock that moves only when the test says so, for time-window logic tested without waiting.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _now = 1_000_000;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now;

    public void Advance(TimeSpan by) => _now += by.Ticks;
}
