using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RuntimeActors.Pipes;

namespace RuntimeActors.Monitoring;

/// <summary>
/// The runtime's instruments, on the <see cref="System.Diagnostics.Metrics.Meter"/> named <c>RuntimeActors</c>
/// (<c>dotnet-counters monitor --counters RuntimeActors</c>, or OpenTelemetry's <c>AddMeter("RuntimeActors")</c>).
/// </summary>
/// <remarks>
/// <para>
/// Traffic (messages and bytes sent and received, messages dropped at the high-water mark, messages queued) is
/// observed: each pipe adds to plain counters of its own (<see cref="PipeTraffic"/>) and a listener's collection sums
/// them, so the data path makes no call into the metrics per message and allocates nothing for them, listened to or not.
/// A pipe that ends leaves its totals here, per tag set, so that the counters never run backwards. Connection events
/// (connections open, handshakes, reconnects, heartbeat timeouts) are rare and recorded as they happen.
/// </para>
/// <para>
/// Tags: <c>socket.type</c> (PUB, ROUTER...) and <c>transport</c> (tcp, ipc, inproc, vsock, vmci) everywhere, and
/// <c>endpoint</c> on the sockets that set <see cref="SocketOptions.MetricsIncludeEndpoint"/>; handshakes add
/// <c>result</c> (succeeded, failed) and, for failures, <c>reason</c> (protocol, auth, other); queued messages add
/// <c>direction</c> (out: routed to a peer and not yet written to it).
/// </para>
/// </remarks>
internal static class RuntimeMetrics
{
    /// <summary>The meter's name: what dotnet-counters and OpenTelemetry are told to listen to.</summary>
    public const string MeterName = "RuntimeActors";

    private static readonly Meter Meter = new(MeterName, typeof(RuntimeMetrics).Assembly.GetName().Version?.ToString(3));

    private static readonly ConcurrentDictionary<Pipe, byte> LivePipes = new();
    private static readonly ConcurrentDictionary<MetricTags, EndedTotals> Ended = new();

    private static readonly UpDownCounter<long> ConnectionsOpen = Meter.CreateUpDownCounter<long>(
        "runtime_actors.connections.open", "{connection}", "Connections whose handshake succeeded and that have not ended.");

    private static readonly Counter<long> Handshakes = Meter.CreateCounter<long>(
        "runtime_actors.handshakes", "{handshake}", "Handshakes completed, by result (succeeded, failed) and the reason of a failure (protocol, auth, other).");

    private static readonly Counter<long> Reconnects = Meter.CreateCounter<long>(
        "runtime_actors.reconnects", "{reconnect}", "Connection attempts a connecting socket scheduled again after a failure or a lost connection.");

    private static readonly Counter<long> HeartbeatTimeouts = Meter.CreateCounter<long>(
        "runtime_actors.heartbeat.timeouts", "{timeout}", "Connections closed because the peer sent nothing within ZMQ_HEARTBEAT_TIMEOUT of a PING, or within the TTL of its own PING.");

    static RuntimeMetrics()
    {
        Meter.CreateObservableCounter("runtime_actors.messages.sent", () => Observe(t => t.MessagesSent, e => e.MessagesSent), "{message}",
            "Messages handed to a peer's queue (a PUB counts one per subscriber that takes it).");
        Meter.CreateObservableCounter("runtime_actors.bytes.sent", () => Observe(t => t.BytesSent, e => e.BytesSent), "By",
            "Bytes of the frames of the messages sent, without framing.");
        Meter.CreateObservableCounter("runtime_actors.messages.received", () => Observe(t => t.MessagesReceived, e => e.MessagesReceived), "{message}",
            "Messages that arrived from peers into a socket's queue.");
        Meter.CreateObservableCounter("runtime_actors.bytes.received", () => Observe(t => t.BytesReceived, e => e.BytesReceived), "By",
            "Bytes of the frames of the messages received, without framing.");
        Meter.CreateObservableCounter("runtime_actors.messages.dropped", () => Observe(t => t.Dropped, e => e.Dropped), "{message}",
            "Messages a PUB or XPUB did not send to a subscriber whose queue was at its high-water mark.");
        Meter.CreateObservableUpDownCounter("runtime_actors.messages.queued", ObserveQueued, "{message}",
            "Messages routed to a peer and not yet written to it (direction=out).");
    }

    /// <summary>A socket attached <paramref name="pipe"/>: its traffic is observed from now on.</summary>
    public static void Track(Pipe pipe) => LivePipes.TryAdd(pipe, 0);

    /// <summary>A socket detached <paramref name="pipe"/>: its totals stay with its tags, once.</summary>
    public static void Retire(Pipe pipe)
    {
        if (!LivePipes.TryRemove(pipe, out _))
        {
            return;
        }

        var traffic = pipe.Traffic;
        Ended.GetOrAdd(traffic.Tags, static _ => new EndedTotals()).Add(traffic);
    }

    /// <summary>Pipes observed now whose tags name <paramref name="endpoint"/> (tests: the registry empties as sockets close).</summary>
    internal static int LivePipesWith(string endpoint) => LivePipes.Keys.Count(pipe => pipe.Traffic.Tags.Endpoint == endpoint);

    public static void ConnectionOpened(MetricTags tags) => ConnectionsOpen.Add(1, tags.Span);

    public static void ConnectionClosed(MetricTags tags) => ConnectionsOpen.Add(-1, tags.Span);

    public static void HandshakeSucceeded(MetricTags tags) => Handshakes.Add(1, WithTags(tags.Span, Tag("result", "succeeded")));

    public static void HandshakeFailed(MetricTags tags, string reason) =>
        Handshakes.Add(1, WithTags(tags.Span, Tag("result", "failed"), Tag("reason", reason)));

    public static void ReconnectScheduled(MetricTags tags) => Reconnects.Add(1, tags.Span);

    public static void HeartbeatTimedOut(MetricTags tags) => HeartbeatTimeouts.Add(1, tags.Span);

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);

    // Rare events: a small array per event is cheaper to read than a cache per tag set.
    private static KeyValuePair<string, object?>[] WithTags(ReadOnlySpan<KeyValuePair<string, object?>> tags, params ReadOnlySpan<KeyValuePair<string, object?>> more)
    {
        var all = new KeyValuePair<string, object?>[tags.Length + more.Length];
        tags.CopyTo(all);
        more.CopyTo(all.AsSpan(tags.Length));
        return all;
    }

    /// <summary>One measurement per tag set: what live pipes carried so far plus what ended ones left.</summary>
    private static IEnumerable<Measurement<long>> Observe(Func<PipeTraffic, long> live, Func<EndedTotals, long> ended)
    {
        var sums = new Dictionary<MetricTags, long>();
        foreach (var (tags, totals) in Ended)
        {
            sums[tags] = ended(totals);
        }

        foreach (var pipe in LivePipes.Keys)
        {
            var traffic = pipe.Traffic;
            sums[traffic.Tags] = sums.GetValueOrDefault(traffic.Tags) + live(traffic);
        }

        return sums.Select(sum => new Measurement<long>(sum.Value, sum.Key.Span));
    }

    private static IEnumerable<Measurement<long>> ObserveQueued()
    {
        var sums = new Dictionary<MetricTags, long>();
        foreach (var pipe in LivePipes.Keys)
        {
            sums[pipe.Traffic.Tags] = sums.GetValueOrDefault(pipe.Traffic.Tags) + pipe.Outbound.Count;
        }

        return sums.Select(sum => new Measurement<long>(sum.Value, WithTags(sum.Key.Span, Tag("direction", "out"))));
    }

    /// <summary>What the ended pipes of one tag set carried.</summary>
    private sealed class EndedTotals
    {
        private long _messagesSent;
        private long _bytesSent;
        private long _dropped;
        private long _messagesReceived;
        private long _bytesReceived;

        public long MessagesSent => Interlocked.Read(ref _messagesSent);

        public long BytesSent => Interlocked.Read(ref _bytesSent);

        public long Dropped => Interlocked.Read(ref _dropped);

        public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

        public long BytesReceived => Interlocked.Read(ref _bytesReceived);

        public void Add(PipeTraffic traffic)
        {
            Interlocked.Add(ref _messagesSent, traffic.MessagesSent);
            Interlocked.Add(ref _bytesSent, traffic.BytesSent);
            Interlocked.Add(ref _dropped, traffic.Dropped);
            Interlocked.Add(ref _messagesReceived, traffic.MessagesReceived);
            Interlocked.Add(ref _bytesReceived, traffic.BytesReceived);
        }
    }
}
