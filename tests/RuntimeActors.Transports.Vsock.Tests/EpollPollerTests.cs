using System.Net;
using System.Net.Sockets;
using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock.Tests;

/// <summary>The poller on tcp loopback descriptors, whose readiness a test can cause at will.</summary>
public sealed class EpollPollerTests
{
    [Fact]
    public async Task Reports_a_listener_readable_when_a_connection_arrives()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var waiting = EpollPoller.Shared.WaitAsync(listener.SafeHandle, EpollEvents.In, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        using var client = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);

        var events = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(EpollEvents.In, events & EpollEvents.In);
    }

    [Fact]
    public async Task Reports_a_connected_socket_writable_at_once()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);

        var events = await EpollPoller.Shared.WaitAsync(client.SafeHandle, EpollEvents.Out, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(EpollEvents.Out, events & EpollEvents.Out);
    }

    [Fact]
    public async Task Cancels_a_wait_and_lets_the_descriptor_be_waited_on_again()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var cancel = new CancellationTokenSource();
        var waiting = EpollPoller.Shared.WaitAsync(listener.SafeHandle, EpollEvents.In, cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));

        // Cancelling removed the descriptor from epoll; a second registration would fail with EEXIST otherwise.
        var again = EpollPoller.Shared.WaitAsync(listener.SafeHandle, EpollEvents.In, CancellationToken.None);
        using var client = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        await again.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Does_not_start_a_wait_for_a_token_already_cancelled()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);

        var waiting = EpollPoller.Shared.WaitAsync(listener.SafeHandle, EpollEvents.In, new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Holds_the_descriptor_open_while_it_waits()
    {
        var listener = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var endpoint = listener.LocalEndPoint!;
        using var cancel = new CancellationTokenSource();
        var waiting = EpollPoller.Shared.WaitAsync(listener.SafeHandle, EpollEvents.In, cancel.Token);

        // Disposing the owner while epoll watches the descriptor defers the close to the wait's end.
        listener.SafeHandle.Dispose();
        Assert.False(listener.SafeHandle.IsClosed);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.True(listener.SafeHandle.IsClosed);
        listener.Dispose();
        using var probe = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(async () => await probe.ConnectAsync(endpoint));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
