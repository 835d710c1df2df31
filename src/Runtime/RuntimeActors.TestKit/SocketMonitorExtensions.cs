using Akka.Actor;
using Akka.TestKit;

namespace RuntimeActors.TestKit;

/// <summary>Awaiting socket monitor events through a <see cref="TestProbe"/>.</summary>
public static class SocketMonitorExtensions
{
    /// <summary>A probe that is told every monitor event of <paramref name="socket"/> from now on.</summary>
    public static TestProbe MonitorSocket(this TestKitBase testKit, IActorRef socket)
    {
        ArgumentNullException.ThrowIfNull(testKit);
        ArgumentNullException.ThrowIfNull(socket);
        var probe = testKit.CreateTestProbe();
        socket.Tell(new Zmq.Monitor(probe.Ref), probe.Ref);
        return probe;
    }

    /// <summary>A probe that is told every monitor event of <paramref name="socket"/> from now on.</summary>
    public static TestProbe MonitorSocket(this TestKitBase testKit, ZSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return testKit.MonitorSocket(socket.Actor);
    }

    /// <summary>Waits for the first event of <paramref name="kind"/> (and, if given, on <paramref name="endpoint"/>), skipping others.</summary>
    public static async Task<SocketEvent> ExpectSocketEventAsync(this TestProbe monitor, SocketEventKind kind, string? endpoint = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        return await monitor.FishForMessageAsync<SocketEvent>(
            e => e.Kind == kind && (endpoint is null || e.Endpoint == endpoint),
            timeout,
            $"a {kind} event{(endpoint is null ? "" : $" on {endpoint}")}",
            cancellationToken).ConfigureAwait(false);
    }
}
