using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using RuntimeActors.TestKit;

namespace RuntimeActors.Cluster.Tests;

/// <summary>
/// Three actor systems of one Akka.Cluster in this process (Akka.Remote on 127.0.0.1, ports the system picks), each
/// with a socket runtime over tcp. B and C join A's real address; the fixture is ready once every node sees three
/// members Up. Gossip is made fast so that forming the cluster and spreading DistributedPubSub's registry take a
/// moment, not the seconds production settings allow.
/// </summary>
public sealed class ThreeNodeCluster : IAsyncLifetime
{
    /// <summary>The system name the three nodes share, as members of one cluster must.</summary>
    public const string SystemName = "bridge-cluster";

    /// <summary>Settings that make a test cluster form and spread pub-sub registrations quickly.</summary>
    public static Config NodeConfig { get; } = ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.actor.provider = cluster
        akka.extensions = ["Akka.Cluster.Tools.PublishSubscribe.DistributedPubSubExtensionProvider, Akka.Cluster.Tools"]
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.cluster.gossip-interval = 200ms
        akka.cluster.leader-actions-interval = 200ms
        akka.cluster.periodic-tasks-initial-delay = 0s
        akka.cluster.retry-unsuccessful-join-after = 1s
        akka.cluster.pub-sub.gossip-interval = 200ms
        akka.cluster.run-coordinated-shutdown-when-down = off
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.coordinated-shutdown.terminate-actor-system = on
        runtime-actors.socket.linger = 0s
        """);

    private static readonly TimeSpan FormationTimeout = Patience.Dilated(TimeSpan.FromSeconds(20));

    /// <summary>The first node, the one the others join.</summary>
    public ActorSystem A { get; private set; } = null!;

    /// <summary>The second node.</summary>
    public ActorSystem B { get; private set; } = null!;

    /// <summary>The third node.</summary>
    public ActorSystem C { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        A = StartNode();
        B = StartNode();
        C = StartNode();
        var seed = Akka.Cluster.Cluster.Get(A).SelfAddress;
        foreach (var node in new[] { A, B, C })
        {
            Akka.Cluster.Cluster.Get(node).Join(seed);
        }

        await Task.WhenAll(new[] { A, B, C }.Select(AllUpAsync)).WaitAsync(FormationTimeout);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { C, B, A })
        {
            if (node is not null)
            {
                await node.Terminate().WaitAsync(FormationTimeout);
            }
        }
    }

    private static ActorSystem StartNode()
    {
        var system = ActorSystem.Create(SystemName, NodeConfig);
        SocketRuntime.Create(system, t => t.AddTcp());
        return system;
    }

    // Completes once this node's view has three members, all Up: the cluster events say when, nobody polls.
    private static Task AllUpAsync(ActorSystem node)
    {
        var cluster = Akka.Cluster.Cluster.Get(node);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = node.ActorOf(Props.Create(() => new UpWatcher(done)));
        cluster.Subscribe(watcher, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
        return done.Task.ContinueWith(_ => node.Stop(watcher), TaskScheduler.Default);
    }

    private sealed class UpWatcher : ReceiveActor
    {
        private readonly HashSet<Address> _up = [];

        public UpWatcher(TaskCompletionSource done)
        {
            Receive<ClusterEvent.CurrentClusterState>(state =>
            {
                foreach (var member in state.Members.Where(m => m.Status == MemberStatus.Up))
                {
                    _up.Add(member.Address);
                }

                Check(done);
            });
            Receive<ClusterEvent.MemberUp>(up =>
            {
                _up.Add(up.Member.Address);
                Check(done);
            });
            Receive<ClusterEvent.IMemberEvent>(_ => { });
        }

        private void Check(TaskCompletionSource done)
        {
            if (_up.Count >= 3)
            {
                done.TrySetResult();
            }
        }
    }
}
