using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RuntimeActors.Hosting;
using RuntimeActors.TestKit;

namespace RuntimeActors.Cluster.Tests;

/// <summary>
/// The bridge as an application sets it up: a generic host whose Akka.Hosting builder has remoting, clustering, the
/// socket runtime and <c>WithZeroMqTopicBridge</c>, here a cluster of one node, against libzmq peers both ways.
/// </summary>
public sealed class HostedBridgeTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = LibzmqPeer.Patience;
    private static readonly TimeSpan Attempt = RuntimeActors.TestKit.Patience.Dilated(TimeSpan.FromMilliseconds(300));
    private readonly ITestOutputHelper _output;

    public HostedBridgeTests(ITestOutputHelper output)
        : base(TestKitConfig.Default(), output: output) => _output = output;

    [Fact]
    public async Task WithZeroMqTopicBridgeStartsABridgeRegisteredUnderItsKeyThatWorksBothWays()
    {
        var (sub, subBound) = await LibzmqPeer.StartAsync(_output, "SUB", "--bind", "tcp://127.0.0.1:*", "--sub", "prices");
        await using var _ = sub;
        var (pub, pubBound) = await LibzmqPeer.StartAsync(_output, "PUB", "--bind", "tcp://127.0.0.1:*");
        await using var __ = pub;
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("hosted-bridge", (builder, _) => builder
                .AddHocon(ThreeNodeCluster.NodeConfig, HoconAddMode.Prepend)
                .WithRemoting(new RemoteOptions { HostName = "127.0.0.1", Port = 0 })
                .WithClustering(new ClusterOptions())
                .WithSocketRuntime(t => t.AddTcp())
                .WithPriceFeedBridge(subBound[0], pubBound[0])))
            .Build();
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            await JoinItselfAsync(system);
            var bridge = await ActorRegistry.For(system).GetAsync<ZeroMqTopicBridge>();
            await bridge.Ask<ZeroMqTopicBridge.Endpoints>(ZeroMqTopicBridge.GetEndpoints.Instance, Patience);
            var mediator = DistributedPubSub.Get(system).Mediator;

            var price = await Repeat.UntilAsync(
                () =>
                {
                    mediator.Tell(new Publish("prices", ZMessage.FromStrings("EURUSD", "1.08")));
                    return Task.CompletedTask;
                },
                () => sub.TryReceiveAsync(Attempt));
            Assert.Equal(["prices", "EURUSD", "1.08"], price);

            var orders = CreateTestProbe(system);
            mediator.Tell(new Subscribe("orders", orders.Ref), orders.Ref);
            orders.ExpectMsg<SubscribeAck>(Patience);
            var order = await Repeat.UntilAsync(
                () => pub.SendAsync("orders", "sell"),
                () => Task.FromResult(orders.ReceiveOne(Attempt) as ZMessage));
            Assert.Equal(["orders", "sell"], order.GetStrings());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static Task JoinItselfAsync(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(up.SetResult);
        cluster.Join(cluster.SelfAddress);
        return up.Task.WaitAsync(Patience);
    }
}
