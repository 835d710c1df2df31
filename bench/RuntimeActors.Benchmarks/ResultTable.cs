using System.Globalization;

namespace RuntimeActors.Benchmarks;

/// <summary>Prints measurements as a fixed-width table.</summary>
internal static class ResultTable
{
    private static readonly string[] Headers =
        ["Scenario", "Variant", "Operations", "Unit", "Time ms", "Ops/s", "ns/op", "CPU ns/op", "Alloc bytes", "B/op", "Gen0", "Gen1", "Gen2", "Pool items", "Threads"];

    public static void Write(TextWriter writer, IReadOnlyList<Measurement> measurements)
    {
        var rows = measurements.Select(Format).Prepend(Headers).ToList();
        var widths = Enumerable.Range(0, Headers.Length).Select(column => rows.Max(row => row[column].Length)).ToArray();

        // The two text columns read better left-aligned, the numbers right-aligned.
        string Line(string[] cells) =>
            string.Join(" | ", cells.Select((cell, column) => column < 2 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column])));

        writer.WriteLine(Line(rows[0]));
        writer.WriteLine(string.Join("-+-", widths.Select(width => new string('-', width))));
        foreach (var row in rows.Skip(1))
        {
            writer.WriteLine(Line(row));
        }
    }

    private static string[] Format(Measurement m)
    {
        var culture = CultureInfo.InvariantCulture;
        return
        [
            m.Scenario,
            m.Variant,
            m.Operations.ToString("N0", culture),
            m.Unit,
            m.Elapsed.TotalMilliseconds.ToString("N0", culture),
            m.OperationsPerSecond.ToString("N0", culture),
            m.NanosecondsPerOperation.ToString("N1", culture),
            m.CpuNanosecondsPerOperation.ToString("N1", culture),
            m.AllocatedBytes.ToString("N0", culture),
            m.BytesPerOperation.ToString("N4", culture),
            m.Gen0.ToString(culture),
            m.Gen1.ToString(culture),
            m.Gen2.ToString(culture),
            m.PoolWorkItems.ToString("N0", culture),
            m.PoolThreads.ToString(culture),
        ];
    }
}
