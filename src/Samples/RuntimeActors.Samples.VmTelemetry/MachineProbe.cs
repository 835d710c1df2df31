using System.Globalization;

namespace RuntimeActors.Samples.VmTelemetry;

/// <summary>Reads the few numbers a sample carries from Linux's /proc.</summary>
internal static class MachineProbe
{
    public static TelemetrySample Take(string source, long sequence, TimeProvider time) => new(
        source,
        sequence,
        time.GetUtcNow(),
        FirstNumber("/proc/uptime"),
        FirstNumber("/proc/loadavg"),
        MemAvailableKiB());

    // A sample with a missing reading is still worth sending: the point is the stream, not the numbers.
    private static double? FirstNumber(string path)
    {
        var text = TryRead(path);
        var first = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static long? MemAvailableKiB()
    {
        var line = TryRead("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
        var number = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
