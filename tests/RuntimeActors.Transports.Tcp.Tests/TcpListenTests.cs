using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RuntimeActors.Transports.Tcp.Tests;

public class TcpListenTests
{
    [Fact]
    public async Task Binds_every_interface_on_an_ephemeral_port_and_reports_the_real_endpoint()
    {
        await using var listener = await Loopback.ListenAsync("*:*");

        Assert.Matches(new Regex(@"^tcp://0\.0\.0\.0:\d+$"), listener.Endpoint);
        var port = Loopback.PortOf(listener.Endpoint);
        Assert.InRange(port, 1, 65535);
        await AssertPlainClientIsAcceptedAsync(listener, IPAddress.Loopback, port);
    }

    [Fact]
    public async Task Binds_loopback_port_zero_and_reports_the_real_endpoint()
    {
        await using var listener = await Loopback.ListenAsync("127.0.0.1:0");

        Assert.Matches(new Regex(@"^tcp://127\.0\.0\.1:\d+$"), listener.Endpoint);
        var port = Loopback.PortOf(listener.Endpoint);
        Assert.NotEqual(0, port);
        await AssertPlainClientIsAcceptedAsync(listener, IPAddress.Loopback, port);
    }

    [Fact]
    public async Task Binds_ipv6_loopback_or_says_clearly_why_not()
    {
        if (Loopback.HasIpv6)
        {
            await using var listener = await Loopback.ListenAsync("[::1]:*");

            Assert.Matches(new Regex(@"^tcp://\[::1\]:\d+$"), listener.Endpoint);
            await AssertPlainClientIsAcceptedAsync(listener, IPAddress.IPv6Loopback, Loopback.PortOf(listener.Endpoint));
        }
        else
        {
            var error = await Assert.ThrowsAsync<ZmqException>(() => Loopback.ListenAsync("[::1]:*"));

            Assert.Contains(error.Error, new[] { ZmqError.NoDevice, ZmqError.AddressNotAvailable });
            Assert.Equal("tcp://[::1]:*", error.Endpoint);
        }
    }

    [Fact]
    public async Task Binds_a_host_name_to_its_address()
    {
        await using var listener = await Loopback.ListenAsync("localhost:0");

        Assert.Matches(new Regex(@"^tcp://(127\.0\.0\.1|\[::1\]):\d+$"), listener.Endpoint);
    }

    [Fact]
    public async Task A_second_bind_on_a_bound_port_fails_with_EADDRINUSE_naming_the_endpoint()
    {
        await using var first = await Loopback.ListenAsync("127.0.0.1:0");
        var port = Loopback.PortOf(first.Endpoint);

        var same = await Assert.ThrowsAsync<ZmqException>(() => Loopback.ListenAsync($"127.0.0.1:{port}"));
        var wildcard = await Assert.ThrowsAsync<ZmqException>(() => Loopback.ListenAsync($"*:{port}"));

        Assert.Equal(ZmqError.AddressInUse, same.Error);
        Assert.Equal($"tcp://127.0.0.1:{port}", same.Endpoint);
        Assert.StartsWith($"EADDRINUSE: tcp://127.0.0.1:{port}: the address is already in use", same.Message, StringComparison.Ordinal);
        Assert.Equal(ZmqError.AddressInUse, wildcard.Error);
        Assert.Equal($"tcp://*:{port}", wildcard.Endpoint);
    }

    [Fact]
    public async Task A_restarted_binder_rebinds_while_old_connections_linger_in_TIME_WAIT()
    {
        var listener = await Loopback.ListenAsync("127.0.0.1:0");
        var port = Loopback.PortOf(listener.Endpoint);
        var (client, server) = await Loopback.PairAsync(listener);

        // The server closes first, so its end of the connection goes through FIN_WAIT to TIME_WAIT on the port.
        await server.DisposeAsync();
        var end = await client.Transport.Input.ReadAsync().AsTask().WaitAsync(Loopback.Timeout);
        Assert.True(end.IsCompleted);
        await client.DisposeAsync();
        await listener.DisposeAsync();

        await using var again = await Loopback.ListenAsync($"127.0.0.1:{port}");

        Assert.Equal($"tcp://127.0.0.1:{port}", again.Endpoint);
    }

    [Fact]
    public async Task Disposing_the_listener_ends_a_pending_accept_with_cancellation()
    {
        var listener = await Loopback.ListenAsync();
        var accepting = listener.AcceptAsync(CancellationToken.None).AsTask();
        Assert.False(accepting.IsCompleted);

        await listener.DisposeAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting.WaitAsync(Loopback.Timeout));
        Assert.Contains(listener.Endpoint, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listener.AcceptAsync(CancellationToken.None).AsTask());
        await listener.DisposeAsync();
    }

    [Fact]
    public async Task Disposing_the_listener_releases_the_port()
    {
        var listener = await Loopback.ListenAsync();
        var port = Loopback.PortOf(listener.Endpoint);

        await listener.DisposeAsync();

        using var client = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Loopback.Timeout));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        await using var again = await Loopback.ListenAsync($"127.0.0.1:{port}");
    }

    [Fact]
    public async Task A_cancelled_token_ends_a_pending_accept()
    {
        await using var listener = await Loopback.ListenAsync();
        using var cancel = new CancellationTokenSource();
        var accepting = listener.AcceptAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting.WaitAsync(Loopback.Timeout));
        (var client, var server) = await Loopback.PairAsync(listener);
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Listen_and_connect_refuse_addresses_resolved_for_the_other_use()
    {
        var transport = new TcpTransport();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            transport.ListenAsync(transport.Resolve("127.0.0.1:5555", EndpointUse.Connect), CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() =>
            transport.ConnectAsync(transport.Resolve("127.0.0.1:5555", EndpointUse.Bind), CancellationToken.None).AsTask());
    }

    private static async Task AssertPlainClientIsAcceptedAsync(ITransportListener listener, IPAddress address, int port)
    {
        var accepting = listener.AcceptAsync(CancellationToken.None).AsTask();
        using var client = new TcpClient(address.AddressFamily);
        await client.ConnectAsync(address, port).WaitAsync(Loopback.Timeout);
        await using var server = Assert.IsAssignableFrom<IStreamConnection>(await accepting.WaitAsync(Loopback.Timeout));

        Assert.Equal(TcpAddress.FormatEndpoint(client.Client.LocalEndPoint), server.RemoteEndpoint);
        Assert.Equal(TcpAddress.FormatEndpoint(client.Client.RemoteEndPoint), server.LocalEndpoint);
        await client.GetStream().WriteAsync("hi"u8.ToArray());
        Assert.Equal("hi"u8.ToArray(), await Loopback.ReadExactlyAsync(server.Transport.Input, 2).WaitAsync(Loopback.Timeout));
    }
}
