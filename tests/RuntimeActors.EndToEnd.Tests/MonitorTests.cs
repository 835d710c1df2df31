using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>The events of libzmq's socket monitor, to a monitoring actor and on the event stream.</summary>
public sealed class MonitorTests(ITestOutputHelper output) : SocketTestKit(output)
{
    [Fact]
    public async Task A_connection_goes_through_listening_accepted_connected_handshake_and_disconnected()
    {
        var server = Socket(SocketType.Rep);
        var client = Socket(SocketType.Req);
        var serverEvents = Monitor(server);
        var clientEvents = Monitor(client);

        var endpoint = await BindLoopbackAsync(server);
        Assert.Equal(endpoint, (await serverEvents.ExpectMsgAsync<SocketEvent>(e => e.Kind == SocketEventKind.Listening)).Endpoint);

        await client.ConnectAsync(endpoint);
        Assert.Equal(endpoint, (await clientEvents.ExpectMsgAsync<SocketEvent>(e => e.Kind == SocketEventKind.Connected)).Endpoint);
        Assert.Equal(endpoint, (await clientEvents.ExpectMsgAsync<SocketEvent>(e => e.Kind == SocketEventKind.HandshakeSucceeded)).Endpoint);
        await serverEvents.ExpectMsgAsync<SocketEvent>(e => e.Kind == SocketEventKind.Accepted && e.Endpoint == endpoint);
        await serverEvents.ExpectMsgAsync<SocketEvent>(e => e.Kind == SocketEventKind.HandshakeSucceeded);

        await client.DisposeAsync();
        await ExpectEventAsync(serverEvents, SocketEventKind.Disconnected);
        await server.UnbindAsync(endpoint);
        Assert.Equal(endpoint, (await ExpectEventAsync(serverEvents, SocketEventKind.Closed)).Endpoint);
    }

    [Fact]
    public async Task Events_reach_subscribers_of_the_event_stream()
    {
        var listener = CreateTestProbe();
        Sys.EventStream.Subscribe(listener.Ref, typeof(SocketEvent));
        var socket = Socket(SocketType.Pull);

        var endpoint = await BindLoopbackAsync(socket);

        var listening = await listener.FishForMessageAsync<SocketEvent>(e => e.Kind == SocketEventKind.Listening);
        Assert.Equal(endpoint, listening.Endpoint);
        Assert.Equal(socket.Actor, listening.Socket);
    }

    [Fact]
    public async Task A_refused_connect_reports_delayed_then_retried_with_the_delay()
    {
        var placeholder = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(placeholder);
        await placeholder.UnbindAsync(endpoint);
        var push = Socket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero, ReconnectInterval = TimeSpan.FromMilliseconds(50) });
        var events = Monitor(push);

        await push.ConnectAsync(endpoint);

        var delayed = await ExpectEventAsync(events, SocketEventKind.ConnectDelayed);
        var retried = await events.ExpectMsgAsync<SocketEvent>(e => e.Kind == SocketEventKind.ConnectRetried);
        Assert.Equal(endpoint, delayed.Endpoint);
        Assert.InRange(retried.Delay!.Value.TotalMilliseconds, 50, 55);
    }

    [Fact]
    public async Task Closing_a_socket_reports_closed_for_each_endpoint()
    {
        var socket = Socket(SocketType.Sub);
        var events = Monitor(socket);
        var bound = await BindLoopbackAsync(socket);
        var other = Socket(SocketType.Pub);
        var connected = await BindLoopbackAsync(other);
        await socket.ConnectAsync(connected);

        await socket.DisposeAsync();

        var closed = new[]
        {
            (await ExpectEventAsync(events, SocketEventKind.Closed)).Endpoint,
            (await ExpectEventAsync(events, SocketEventKind.Closed)).Endpoint,
        };
        Assert.Equal(new[] { bound, connected }.Order(), closed.Order());
    }
}
