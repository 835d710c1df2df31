using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.EndToEnd.Tests.Lifecycle;

/// <summary>
/// A bind, connect or accept that completes just as its socket closes: what it opened has nobody to own it, and
/// must be closed rather than left to the garbage collector (a port still bound, a peer that never sees the end).
/// Each was leaked before PendingResource: the result was piped to an actor that had stopped, as a dead letter.
/// </summary>
public sealed class CloseDuringOperationTests
{
    private static readonly TimeSpan Patience = SocketTestKit.Patience;

    [Fact]
    public async Task A_bind_that_completes_after_the_close_releases_its_port_and_fails_with_enotsock()
    {
        var tcp = new GatedTcpTransport();
        await using var runtime = SocketRuntime.Create(b => b.AddTransport(tcp));
        var pull = runtime.CreateSocket(SocketType.Pull, new SocketOptions { Linger = TimeSpan.Zero });

        var binding = pull.BindAsync("tcp://127.0.0.1:*").AsTask();
        var endpoint = await tcp.Listen.Reached.Task.WaitAsync(Patience);
        await pull.DisposeAsync().AsTask().WaitAsync(Patience);
        tcp.Listen.Open();

        var error = await Assert.ThrowsAsync<ZmqException>(() => binding.WaitAsync(Patience));
        Assert.Equal(ZmqError.NotSocket, error.Error);
        Assert.Contains("tcp://127.0.0.1:*", error.Message, StringComparison.Ordinal);
        await tcp.ListenerDisposed.Task.WaitAsync(Patience);
        await AddressReleaseTests.AssertRefusedAsync(endpoint);
    }

    [Fact]
    public async Task A_connect_that_completes_after_the_close_closes_its_connection()
    {
        using var server = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen();
        var tcp = new GatedTcpTransport();
        await using var runtime = SocketRuntime.Create(b => b.AddTransport(tcp));
        var push = runtime.CreateSocket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero });

        await push.ConnectAsync($"tcp://127.0.0.1:{((IPEndPoint)server.LocalEndPoint!).Port}");
        using var accepted = await server.AcceptAsync().WaitAsync(Patience);
        await tcp.Connect.Reached.Task.WaitAsync(Patience);
        await push.DisposeAsync().AsTask().WaitAsync(Patience);
        tcp.Connect.Open();

        await AssertClosedByPeerAsync(accepted);
    }

    [Fact]
    public async Task A_connection_accepted_as_the_socket_closes_is_closed()
    {
        var tcp = new GatedTcpTransport();
        tcp.Listen.Open();
        await using var runtime = SocketRuntime.Create(b => b.AddTransport(tcp));
        var pull = runtime.CreateSocket(SocketType.Pull, new SocketOptions { Linger = TimeSpan.Zero });
        var endpoint = await pull.BindAsync("tcp://127.0.0.1:*");

        using var client = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(IPAddress.Loopback, PortOf(endpoint)).WaitAsync(Patience);
        await tcp.Accept.Reached.Task.WaitAsync(Patience);
        await pull.DisposeAsync().AsTask().WaitAsync(Patience);
        tcp.Accept.Open();

        await AssertClosedByPeerAsync(client);
    }

    private static int PortOf(string endpoint) =>
        int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The other end closed: reads come to the end of the stream (or a reset), and do not wait for ever.</summary>
    private static async Task AssertClosedByPeerAsync(Socket socket)
    {
        var buffer = new byte[64];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Patience) > 0)
            {
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
    }
}
