using System.Globalization;

namespace RuntimeActors.Wire.Benchmarks;

/// <summary>
/// One side of one benchmark row, parsed from the command line that bench/libzmq/zbench.c takes too, so that
/// run.sh can pair a RuntimeActors side with a libzmq side in either role.
/// </summary>
internal sealed record Workload(string Mode, string? Endpoint, long Count, int Size, long Warm, string? ReadyFile)
{
    public const string Usage =
        "usage: RuntimeActors.Wire.Benchmarks pull|rep ENDPOINT N SIZE WARM READYFILE | push|req ENDPOINT N SIZE WARM | inproc-thr|inproc-lat N SIZE WARM";

    public static Workload? Parse(string[] args) => args switch
    {
        ["inproc-thr" or "inproc-lat", var n, var size, var warm] => Create(args[0], null, n, size, warm, null),
        ["pull" or "rep", var endpoint, var n, var size, var warm, var ready] => Create(args[0], endpoint, n, size, warm, ready),
        ["push" or "req", var endpoint, var n, var size, var warm] => Create(args[0], endpoint, n, size, warm, null),
        _ => null,
    };

    private static Workload? Create(string mode, string? endpoint, string n, string size, string warm, string? ready)
    {
        var style = NumberStyles.None;
        var culture = CultureInfo.InvariantCulture;
        // Two messages at least: the receiver times from the first measured message to the last.
        return long.TryParse(n, style, culture, out var count) && count >= 2
            && int.TryParse(size, style, culture, out var bytes)
            && long.TryParse(warm, style, culture, out var warmUp)
            ? new Workload(mode, endpoint, count, bytes, warmUp, ready)
            : null;
    }
}
