namespace RuntimeActors.Transports.Tcp.Tests;

public class TcpConnectTests
{
    [Fact]
    public async Task Connecting_to_a_closed_port_fails_with_ECONNREFUSED_and_is_transient()
    {
        using var reserved = Loopback.ReserveClosedPort();
        var port = ((System.Net.IPEndPoint)reserved.LocalEndPoint!).Port;

        var error = await Assert.ThrowsAsync<ZmqException>(() => Loopback.ConnectAsync($"127.0.0.1:{port}"));

        Assert.Equal(ZmqError.ConnectionRefused, error.Error);
        Assert.Equal($"tcp://127.0.0.1:{port}", error.Endpoint);
        Assert.Equal($"ECONNREFUSED: tcp://127.0.0.1:{port}: nobody accepts connections at 127.0.0.1:{port} (connection refused) (ConnectionRefused)", error.Message);
        Assert.True(Loopback.Transport.IsTransient(error));
    }

    [Fact]
    public async Task Connects_to_localhost_by_name()
    {
        await using var listener = await Loopback.ListenAsync("127.0.0.1:0");
        var port = Loopback.PortOf(listener.Endpoint);

        var (client, server) = await Loopback.PairAsync(listener, $"localhost:{port}");
        await using (client)
        await using (server)
        {
            Assert.Equal(listener.Endpoint, client.RemoteEndpoint);
            Assert.Equal(client.LocalEndpoint, server.RemoteEndpoint);
            Assert.Equal(client.RemoteEndpoint, server.LocalEndpoint);
        }
    }

    [Fact]
    public async Task Connects_over_ipv6_loopback_when_the_machine_has_it()
    {
        if (!Loopback.HasIpv6)
        {
            var error = await Assert.ThrowsAsync<ZmqException>(() => Loopback.ConnectAsync("[::1]:5555"));
            Assert.Equal("tcp://[::1]:5555", error.Endpoint);
            return;
        }

        await using var listener = await Loopback.ListenAsync("[::1]:0");
        var (client, server) = await Loopback.PairAsync(listener);
        await using (client)
        await using (server)
        {
            Assert.StartsWith("tcp://[::1]:", client.LocalEndpoint, StringComparison.Ordinal);
            Assert.Equal(listener.Endpoint, client.RemoteEndpoint);
        }
    }

    [Fact]
    public async Task Connect_honours_a_cancelled_token()
    {
        await using var listener = await Loopback.ListenAsync();
        var address = Loopback.Transport.Resolve(listener.Endpoint["tcp://".Length..], EndpointUse.Connect);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Loopback.Transport.ConnectAsync(address, cancel.Token).AsTask().WaitAsync(Loopback.Timeout));
    }

    [Fact]
    public async Task Connect_sets_no_delay_like_libzmq()
    {
        await using var listener = await Loopback.ListenAsync();
        var (client, server) = await Loopback.PairAsync(listener);
        await using (client)
        await using (server)
        {
            Assert.True(((SocketConnection)client).Socket.NoDelay);
            Assert.True(((SocketConnection)server).Socket.NoDelay);
        }
    }
}
