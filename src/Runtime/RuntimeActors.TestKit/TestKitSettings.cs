using System.Globalization;

namespace RuntimeActors.TestKit;

/// <summary>
/// Default timeouts of expectations, all multiplied by the time factor read from the environment variable
/// <c>RUNTIMEACTORS_TEST_TIMEFACTOR</c> (e.g. <c>3</c> on a slow CI machine).
/// </summary>
public static class TestKitSettings
{
    /// <summary>The environment variable that dilates every timeout.</summary>
    public const string TimeFactorVariable = "RUNTIMEACTORS_TEST_TIMEFACTOR";

    /// <summary>The factor applied to every timeout; 1 unless the environment says otherwise.</summary>
    public static double TimeFactor { get; } = ReadTimeFactor(Environment.GetEnvironmentVariable(TimeFactorVariable));

    /// <summary>How long an expectation waits when given no timeout, before dilation. 3 seconds.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(3);

    /// <summary>How long <c>ExpectNoMsg</c> watches when given no duration, before dilation. 200 ms.</summary>
    public static TimeSpan DefaultNoMessageDuration { get; } = TimeSpan.FromMilliseconds(200);

    /// <summary><paramref name="duration"/> multiplied by <see cref="TimeFactor"/>.</summary>
    public static TimeSpan Dilated(TimeSpan duration) =>
        duration == Timeout.InfiniteTimeSpan ? duration : TimeSpan.FromTicks((long)(duration.Ticks * TimeFactor));

    internal static double ReadTimeFactor(string? text)
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
