using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>
/// Unbind and close return once the address is released, so that a caller can bind it again at once and a
/// peer that connects afterwards is refused rather than accepted by a listener about to go away.
/// </summary>
public sealed class AddressReleaseTests
{
    [Fact]
    public async Task After_unbind_returns_the_port_refuses_connections_and_can_be_bound_again()
    {
        await using var runtime = SocketRuntime.Create(b => b.AddTcp());
        await using var pull = runtime.CreateSocket(SocketType.Pull);
        var endpoint = await pull.BindAsync("tcp://127.0.0.1:*");

        await pull.UnbindAsync(endpoint);

        await AssertRefusedAsync(endpoint);
        Assert.Equal(endpoint, await pull.BindAsync(endpoint));
    }

    [Fact]
    public async Task After_close_returns_the_port_refuses_connections()
    {
        await using var runtime = SocketRuntime.Create(b => b.AddTcp());
        var pull = runtime.CreateSocket(SocketType.Pull);
        var endpoint = await pull.BindAsync("tcp://127.0.0.1:*");

        await pull.DisposeAsync();

        await AssertRefusedAsync(endpoint);
    }

    /// <summary>A connect to the endpoint's port on the loopback is refused: nothing listens there any more.</summary>
    internal static async Task AssertRefusedAsync(string endpoint)
    {
        var port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        using var probe = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
