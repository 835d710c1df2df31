using System.Globalization;

namespace RuntimeActors.Wire.Benchmarks;

/// <summary>
/// One side of one benchmark row, parsed from the command line that bench/libzmq/zbench.c takes too, so that
/// run.sh can pair a RuntimeActors side with a libzmq side in either role.
/// </summary>
internal sealed record Workload(string Mode, string? Endpoint, long Count, int Size, long Warm, string? ReadyFile)
{
    public const string Usage =
        "usage: RuntimeActors.Wire.Benchmarks pull|rep|sub|actor-pull ENDPOINT N SIZE WARM READYFILE | push|req|pub|actor-push ENDPOINT N SIZE WARM | inproc-thr|inproc-lat N SIZE WARM"
        + " | router ENDPOINT PEERS READYFILE | pub ENDPOINT PEERS MSGS TOPICS READYFILE";

    /// <summary>For a scale row (router, pub): how many peers; for pub, <see cref="Count"/> is MSGS and <see cref="Warm"/> TOPICS.</summary>
    public int Peers { get; init; }

    public static Workload? Parse(string[] args) => args switch
    {
        ["router", var endpoint, var peers, var ready] => CreateScale(args[0], endpoint, peers, "1", "1", ready),
        ["pub", var endpoint, var peers, var messages, var topics, var ready] => CreateScale(args[0], endpoint, peers, messages, topics, ready),
        ["inproc-thr" or "inproc-lat", var n, var size, var warm] => Create(args[0], null, n, size, warm, null),
        ["pull" or "rep" or "sub" or "actor-pull", var endpoint, var n, var size, var warm, var ready] => Create(args[0], endpoint, n, size, warm, ready),
        ["push" or "req" or "pub" or "actor-push", var endpoint, var n, var size, var warm] => Create(args[0], endpoint, n, size, warm, null),
        _ => null,
    };

    private static Workload? CreateScale(string mode, string endpoint, string peers, string messages, string topics, string ready)
    {
        var style = NumberStyles.None;
        var culture = CultureInfo.InvariantCulture;
        return int.TryParse(peers, style, culture, out var count) && count > 0
            && long.TryParse(messages, style, culture, out var sent) && sent > 0
            && long.TryParse(topics, style, culture, out var topicCount) && topicCount > 0
            ? new Workload(mode, endpoint, sent, 0, topicCount, ready) { Peers = count }
            : null;
    }

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
