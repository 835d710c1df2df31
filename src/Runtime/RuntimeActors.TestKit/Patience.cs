using System.Globalization;

namespace RuntimeActors.TestKit;

/// <summary>
/// How long tests wait, multiplied by the time factor of the environment variable <c>RUNTIMEACTORS_TEST_TIMEFACTOR</c>
/// (for example <c>3</c> on a slow machine), for waits outside Akka.TestKit (whose own factor is
/// <c>akka.test.timefactor</c>; <see cref="TestKitConfig"/> sets it from the same variable).
/// </summary>
public static class Patience
{
    /// <summary>The environment variable that dilates every timeout.</summary>
    public const string TimeFactorVariable = "RUNTIMEACTORS_TEST_TIMEFACTOR";

    /// <summary>The factor applied to every timeout; 1 unless the environment says otherwise.</summary>
    public static double TimeFactor { get; } = ReadTimeFactor(Environment.GetEnvironmentVariable(TimeFactorVariable));

    /// <summary><paramref name="duration"/> multiplied by <see cref="TimeFactor"/>.</summary>
    public static TimeSpan Dilated(TimeSpan duration) =>
        duration == Timeout.InfiniteTimeSpan ? duration : TimeSpan.FromTicks((long)(duration.Ticks * TimeFactor));

    /// <summary>Parses a time factor: a positive number, or 1 for nothing.</summary>
    /// <exception cref="InvalidOperationException">The text is not a positive number.</exception>
    public static double ReadTimeFactor(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 1.0;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) || factor <= 0 || double.IsInfinity(factor))
        {
            throw new InvalidOperationException($"{TimeFactorVariable}='{text}' is not a positive number.");
        }

        return factor;
    }
}
