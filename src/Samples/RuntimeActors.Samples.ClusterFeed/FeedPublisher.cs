using Akka.Actor;
using Akka.Event;

namespace RuntimeActors.Samples.ClusterFeed;

/// <summary>
/// The cluster singleton: owns a PUB socket bound on the endpoint of the node it runs on, and publishes every
/// <see cref="Publish"/> the producers send through the singleton proxy. It writes <c>singleton up on node N at
/// ENDPOINT</c> to stdout once bound, and <c>singleton down on node N</c> once its socket is closed, for scripts to
/// follow where the feed is. A message is two frames: <c>feed</c>, then <c>PRODUCER SEQ PUBLISHER SENT_MS</c>, where
/// PRODUCER is <c>NODE.PID</c> of the producer and PUBLISHER the node of the singleton that published it.
/// </summary>
internal sealed class FeedPublisher : ReceiveActor, IWithStash, IWithTimers
{
    /// <summary>How long after the first subscriber's handshake the feed waits for its subscription to arrive.</summary>
    private static readonly TimeSpan SubscriptionSettle = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the feed waits for a first subscriber before it publishes to nobody.</summary>
    private static readonly TimeSpan SubscriberPatience = TimeSpan.FromSeconds(1);

    /// <summary>How long between two binds when the port is still taken (a previous singleton of this node closing).</summary>
    private static readonly TimeSpan BindRetry = TimeSpan.FromMilliseconds(200);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SocketRuntime _runtime;
    private readonly int _node;
    private readonly string _endpoint;
    private IActorRef _pub = ActorRefs.Nobody;
    private long _published;
    private long _returned;

    public FeedPublisher(SocketRuntime runtime, int node, string endpoint)
    {
        _runtime = runtime;
        _node = node;
        _endpoint = endpoint;
        Binding();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        // A PUB socket drops what it cannot deliver at once; a second of linger lets the last messages before a
        // hand-over reach subscribers that are connected, and no more, so a hand-over never waits on a slow one.
        var options = _runtime.CreateOptions();
        options.Linger = TimeSpan.FromSeconds(1);
        _pub = Context.ActorOf(_runtime.SocketProps(SocketType.Pub, options), "pub");
        _pub.Tell(new Zmq.Monitor(Self), Self);
        _pub.Tell(new Zmq.Bind(_endpoint), Self);
    }

    private void Binding()
    {
        Receive<Zmq.Bound>(bound =>
        {
            Console.WriteLine($"singleton up on node {_node} at {bound.Endpoint}");
            Timers.StartSingleTimer(Ready.Instance, Ready.Instance, SubscriberPatience);
            Become(WaitingForSubscriber);
        });
        Receive<Status.Failure>(failure =>
        {
            _log.Warning("The feed could not bind {0}, retrying in {1} ms: {2}", _endpoint, BindRetry.TotalMilliseconds, failure.Cause.Message);
            Timers.StartSingleTimer(RetryBind.Instance, RetryBind.Instance, BindRetry);
        });
        Receive<RetryBind>(_ => _pub.Tell(new Zmq.Bind(_endpoint), Self));
        Receive<SocketEvent>(_ => { });
        Receive<StopFeed>(_ => Close());
        ReceiveAny(_ => Stash.Stash());
    }

    /// <summary>
    /// PUB drops what it publishes before a subscriber's subscription has arrived (the slow joiner): the external
    /// subscriber reconnects within its reconnect interval, so the messages the proxies buffered during the failover
    /// wait for it here, a second at most, rather than go to nobody.
    /// </summary>
    private void WaitingForSubscriber()
    {
        Receive<SocketEvent>(e =>
        {
            if (e.Kind == SocketEventKind.HandshakeSucceeded)
            {
                Timers.StartSingleTimer(Ready.Instance, Ready.Instance, SubscriptionSettle);
            }
        });
        Receive<Ready>(_ =>
        {
            Stash.UnstashAll();
            Become(Publishing);
        });
        Receive<StopFeed>(_ => Close());
        ReceiveAny(_ => Stash.Stash());
    }

    private void Publishing()
    {
        Receive<Publish>(p =>
        {
            _pub.Tell(new Zmq.Send(ZMessage.FromStrings("feed", $"{p.Node}.{p.Incarnation} {p.Seq} {_node} {p.SentAtMs}")), Self);
            _published++;
        });
        Receive<SocketEvent>(_ => { });
        Receive<Zmq.SendFailed>(failed => _log.Warning("A publish failed: {0} {1}", failed.Error, failed.Reason));
        Receive<StopFeed>(_ => Close());
    }

    private void Close()
    {
        // Closing waits up to the linger for the queue to drain. The proxies still send here until gossip tells them
        // the node is leaving: what comes meanwhile, and what waited in the stash, goes back to its producer to be
        // sent again, rather than be lost with this actor.
        _pub.Tell(Zmq.Close.Instance, Self);
        Stash.UnstashAll();
        Become(() =>
        {
            Receive<Zmq.Closed>(_ => Context.Stop(Self));
            Receive<Publish>(p =>
            {
                Sender.Tell(new NotPublished(p), Self);
                _returned++;
            });
            ReceiveAny(_ => { });
        });
    }

    protected override void PostStop()
    {
        _log.Info("The feed on node {0} published {1} messages and returned {2} that came while it closed", _node, _published, _returned);
        Console.WriteLine($"singleton down on node {_node}");
    }

    private sealed class Ready
    {
        public static Ready Instance { get; } = new();
    }

    private sealed class RetryBind
    {
        public static RetryBind Instance { get; } = new();
    }
}
