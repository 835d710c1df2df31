using Akka.Actor;

namespace RuntimeActors.Samples.ClusterFeed;

/// <summary>
/// Sends a numbered <see cref="Publish"/> per interval to the feed through the singleton proxy of its node. The proxy
/// buffers (up to <c>buffer-size</c>) while it knows no singleton, and sends to the singleton it knows otherwise.
/// </summary>
internal sealed class FeedProducer : ReceiveActor, IWithTimers
{
    private readonly TimeSpan _interval;
    private long _seq;

    public FeedProducer(IActorRef proxy, int node, TimeSpan interval)
    {
        _interval = interval;
        var incarnation = Environment.ProcessId;
        Receive<Tick>(_ => proxy.Tell(new Publish(node, incarnation, ++_seq)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, _interval);

    private sealed class Tick
    {
        public static Tick Instance { get; } = new();
    }
}
