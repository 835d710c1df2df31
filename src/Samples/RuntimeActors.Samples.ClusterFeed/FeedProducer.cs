using Akka.Actor;

namespace RuntimeActors.Samples.ClusterFeed;

/// <summary>
/// Sends a numbered <see cref="Publish"/> per interval to the feed through the singleton proxy of its node. The proxy
/// buffers (up to <c>buffer-size</c>) while it knows no singleton, and sends to the singleton it knows otherwise, even
/// one on a node that has died but is not yet removed: those messages are lost (the feed's gaps after a SIGKILL).
/// </summary>
internal sealed class FeedProducer : ReceiveActor, IWithTimers
{
    /// <summary>Two gossip rounds of the sample's timings: long enough for the proxy to learn of a hand-over.</summary>
    private static readonly TimeSpan ResendDelay = TimeSpan.FromMilliseconds(400);

    private readonly TimeSpan _interval;
    private long _seq;

    public FeedProducer(IActorRef proxy, int node, TimeSpan interval)
    {
        _interval = interval;
        var incarnation = Environment.ProcessId;
        Receive<Tick>(_ => proxy.Tell(new Publish(node, incarnation, ++_seq, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
        // A singleton that is handing over returns what it cannot publish; by the time this resends it, the proxy has
        // heard of the hand-over and buffers for the next singleton. The resent message comes after newer ones.
        Receive<NotPublished>(n => Context.System.Scheduler.ScheduleTellOnce(ResendDelay, proxy, n.Message, Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, _interval);

    private sealed class Tick
    {
        public static Tick Instance { get; } = new();
    }
}
