using System.Globalization;

namespace RuntimeActors.Wire.Benchmarks;

/// <summary>
/// The wall-clock time of a receiver's first message, printed as <c>first_at=</c> on its <c>thr</c> line: Unix seconds
/// with nine decimals, as zbench.c prints CLOCK_REALTIME. run.sh subtracts the time it launched the sender (the cold
/// rows' start-to-first figure).
/// </summary>
internal static class WallClock
{
    /// <summary>Formats a UTC time (taken with <see cref="DateTime.UtcNow"/>, whose ticks are 100 ns) as Unix seconds.</summary>
    public static string UnixSeconds(DateTime utc)
    {
        var ticks = (utc - DateTime.UnixEpoch).Ticks;
        return string.Create(CultureInfo.InvariantCulture, $"{ticks / TimeSpan.TicksPerSecond}.{ticks % TimeSpan.TicksPerSecond * 100:D9}");
    }
}
