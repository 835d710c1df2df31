using Akka.TestKit;
using RuntimeActors.TestKit;

namespace RuntimeActors.Interop.Tests.Security;

/// <summary>
/// PUB/SUB under CURVE against libzmq, both publishing directions, over tcp and ipc, either side binding. The
/// subscriber's SUBSCRIBE commands travel in MESSAGE boxes flagged as commands and the publisher filters by prefix.
/// Then heartbeats (ZMQ_HEARTBEAT_IVL on one side, a timeout shorter than the pause between messages) must keep the
/// connection up while messages come at a pace the libzmq peer's clock sets: PING and PONG are boxed too, and a
/// PONG that does not open, or never comes, drops the connection, so that a message sent meanwhile is lost and the
/// publisher's side sees a disconnection.
/// </summary>
/// <remarks>
/// Whether a PONG comes in time depends on the machine: these tests run on their own, after the others (the 10 MB
/// ones starve the thread pool), with a timeout of a second, which a loaded two-core machine once overran at 400 ms.
/// </remarks>
[Collection(nameof(CurvePubSubTests))]
public sealed class CurvePubSubTests(ITestOutputHelper output) : SecurityInteropTest(output)
{
    private const int Ticks = 3;

    private static readonly CurveKeyPair ServerKeys = CurveKeyPair.Generate();
    private static readonly CurveKeyPair ClientKeys = CurveKeyPair.Generate();

    // Each pause between ticks holds twelve PINGs and is longer than the timeout, so every PING needs its PONG.
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromMilliseconds(1000);
    private static readonly TimeSpan TickPace = TimeSpan.FromMilliseconds(1200);

    public static TheoryData<string, bool, bool> TransportsBindsAndHeartbeatSides => TransportsBindsAndServers;

    private static string[] LibzmqHeartbeatSteps =>
        [$"opt:HEARTBEAT_IVL={HeartbeatInterval.TotalMilliseconds:0}", $"opt:HEARTBEAT_TIMEOUT={HeartbeatTimeout.TotalMilliseconds:0}"];

    [Theory]
    [MemberData(nameof(TransportsBindsAndHeartbeatSides))]
    public async Task Our_curve_pub_reaches_a_libzmq_sub_by_prefix_and_heartbeats_keep_it_up(string transport, bool dotnetBinds, bool heartbeatOnDotnet)
    {
        using var zap = Runtime.UseZapHandler(new ZapAuthenticator { AllowAnyCurveKey = true }.HandleAsync);
        var pub = Socket(SocketType.Pub, o =>
        {
            o.UseCurveServer(ServerKeys);
            SetHeartbeats(o, heartbeatOnDotnet);
        });
        var pubEvents = this.MonitorSocket(pub);
        var peer = await StartLinkedPeerAsync(
            pub,
            transport,
            dotnetBinds,
            "SUB",
            [
                .. CurveClientSteps(ServerKeys.PublicKeyZ85, ClientKeys), .. heartbeatOnDotnet ? [] : LibzmqHeartbeatSteps,
                "sub:a.", "sub:b.", Link, "until:a.ready", "recv:2", $"clock:{Ticks}:{TickPace.TotalMilliseconds:0}", $"recv:{Ticks}", "wait:bye",
            ]);

        await WarmUpAsync(pub, peer);
        await SendAsync(pub, "c.not-subscribed");
        await SendAsync(pub, "a.1", "second frame");
        await SendAsync(pub, "b.1");
        Assert.Equal(["a.1", "second frame"], (await peer.ReceivedAsync()).Strings);
        Assert.Equal(["b.1"], (await peer.ReceivedAsync()).Strings);

        for (var i = 0; i < Ticks; i++)
        {
            Assert.Equal($"{i}", (await peer.ExpectAsync("tick")).Text);
            await SendAsync(pub, $"c.tick-{i}");
            await SendAsync(pub, $"a.tick-{i}");
        }

        for (var i = 0; i < Ticks; i++)
        {
            Assert.Equal([$"a.tick-{i}"], (await peer.ReceivedAsync()).Strings);
        }

        AssertOneUnbrokenConnection(pubEvents);
        await peer.TellAsync("bye");
        await peer.FinishAsync();
    }

    [Theory]
    [MemberData(nameof(TransportsBindsAndHeartbeatSides))]
    public async Task A_libzmq_curve_pub_reaches_our_sub_by_prefix_and_heartbeats_keep_it_up(string transport, bool dotnetBinds, bool heartbeatOnDotnet)
    {
        var sub = Socket(SocketType.Sub, o =>
        {
            o.UseCurveClient(ServerKeys.PublicKeyZ85, ClientKeys);
            SetHeartbeats(o, heartbeatOnDotnet);
        });
        var subEvents = this.MonitorSocket(sub);
        sub.Subscribe("a.");
        sub.Subscribe("b.");
        var peer = await StartLinkedPeerAsync(
            sub,
            transport,
            dotnetBinds,
            "PUB",
            [
                "auth:curve-any", .. CurveServerSteps(ServerKeys), .. heartbeatOnDotnet ? [] : LibzmqHeartbeatSteps,
                Link, "repeat:a.warm-up", "send:a.ready", "send:c.not-subscribed", "send:a.1|second frame", "send:b.1",
                $"ticks:{Ticks}:{TickPace.TotalMilliseconds:0}:a.tick-", "send:b.done", "wait:bye",
            ]);

        while (await TryReceiveAsync(sub, WarmUpPace) is null)
        {
            await peer.TellAsync("again");
        }

        await peer.TellAsync("stop");
        ZMessage next;
        while ((next = await ReceiveAsync(sub)).GetString(0) != "a.ready")
        {
            Assert.Equal(["a.warm-up"], next.GetStrings());
        }

        Assert.Equal(["a.1", "second frame"], (await ReceiveAsync(sub)).GetStrings());
        Assert.Equal(["b.1"], (await ReceiveAsync(sub)).GetStrings());
        for (var i = 0; i < Ticks; i++)
        {
            Assert.Equal([$"a.tick-{i}"], (await ReceiveAsync(sub)).GetStrings());
        }

        Assert.Equal(["b.done"], (await ReceiveAsync(sub)).GetStrings());
        AssertOneUnbrokenConnection(subEvents);
        await peer.TellAsync("bye");
        await peer.FinishAsync();
    }

    private static void SetHeartbeats(SocketOptions options, bool heartbeatOnDotnet)
    {
        if (heartbeatOnDotnet)
        {
            options.HeartbeatInterval = HeartbeatInterval;
            options.HeartbeatTimeout = HeartbeatTimeout;
        }
    }

    /// <summary>The connection was made once and never dropped, nor made again, while the peer waits to be let go.</summary>
    private static void AssertOneUnbrokenConnection(TestProbe monitor)
    {
        var events = ArrivedEvents(monitor);
        var shown = string.Join(", ", events);
        Assert.True(events.Count(e => e.Kind == SocketEventKind.HandshakeSucceeded) == 1, $"not one handshake: {shown}");
        Assert.DoesNotContain(events, e => e.Kind is SocketEventKind.Disconnected or SocketEventKind.HandshakeFailed or SocketEventKind.HandshakeFailedProtocol or SocketEventKind.HandshakeFailedAuth);
    }
}

/// <summary>Runs <see cref="CurvePubSubTests"/> alone: its heartbeat timeouts must not wait on other tests' work.</summary>
[CollectionDefinition(nameof(CurvePubSubTests), DisableParallelization = true)]
public sealed class CurvePubSubTestsCollection;
