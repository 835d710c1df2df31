namespace RuntimeActors.Soak;

/// <summary>The soak process's resident memory, as the kernel counts it.</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS of /proc/self/status in whole megabytes (MiB), or -1 where there is no /proc.</summary>
    public static long ResidentMegabytes()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return -1;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return kilobytes / 1024;
            }
        }

        return -1;
    }
}
