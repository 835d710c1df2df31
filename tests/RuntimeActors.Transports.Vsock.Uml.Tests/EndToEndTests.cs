using System.Security.Cryptography;

namespace RuntimeActors.Transports.Vsock.Uml.Tests;

/// <summary>Reconnection, a large message and many connections, through the runtime's API over vsock.</summary>
public sealed class EndToEndTests
{
    public EndToEndTests() => Uml.EnsureInside();

    [Fact]
    public async Task A_connecter_reconnects_when_the_binding_side_goes_away_and_comes_back()
    {
        using var deadline = Uml.Deadline();
        var token = deadline.Token;
        await using var senders = SocketRuntime.Create(b => b.AddVsock());
        await using var push = senders.CreateSocket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero });
        var pushEvents = EventSink.Watch(senders, push);

        string endpoint;
        await using (var first = SocketRuntime.Create(b => b.AddVsock()))
        {
            await using var pull = first.CreateSocket(SocketType.Pull);
            endpoint = await pull.BindAsync("vsock://1:*", token);
            await push.ConnectAsync(endpoint, token);
            await push.SendAsync("before");
            Assert.Equal(["before"], (await pull.ReceiveAsync(token)).GetStrings());
        }

        // The binder's whole runtime is gone; what is sent now waits in the connecter's pipe.
        await push.SendAsync("while away");
        var retried = await EventSink.NextAsync(pushEvents, SocketEventKind.ConnectRetried, token);
        Assert.Equal(endpoint, retried.Endpoint);

        await using var second = SocketRuntime.Create(b => b.AddVsock());
        await using var back = second.CreateSocket(SocketType.Pull);
        Assert.Equal(endpoint, await back.BindAsync(endpoint, token));
        Assert.Equal(["while away"], (await back.ReceiveAsync(token)).GetStrings());
        await push.SendAsync("after");
        Assert.Equal(["after"], (await back.ReceiveAsync(token)).GetStrings());
    }

    [Fact]
    public async Task A_connect_before_anyone_binds_is_retried_until_the_binder_comes()
    {
        using var deadline = Uml.Deadline();
        var token = deadline.Token;
        await using var runtime = SocketRuntime.Create(b => b.AddVsock());
        string endpoint;
        await using (var probe = runtime.CreateSocket(SocketType.Pull))
        {
            endpoint = await probe.BindAsync("vsock://1:*", token);
            await probe.UnbindAsync(endpoint, token);
        }

        await using var push = runtime.CreateSocket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero });
        var events = EventSink.Watch(runtime, push);
        await push.ConnectAsync(endpoint, token);
        var delayed = await EventSink.NextAsync(events, SocketEventKind.ConnectDelayed, token);
        Assert.Equal(ZmqError.ConnectionRefused, Assert.IsType<ZmqException>(delayed.Error).Error);
        await push.SendAsync("hello");

        await using var pull = runtime.CreateSocket(SocketType.Pull);
        await pull.BindAsync(endpoint, token);

        Assert.Equal(["hello"], (await pull.ReceiveAsync(token)).GetStrings());
    }

    [Theory]
    [InlineData("vsock")]
    [InlineData("vmci")]
    public async Task Carries_a_10_MB_message(string transport)
    {
        using var deadline = Uml.Deadline();
        var token = deadline.Token;
        await using var runtime = SocketRuntime.Create(b => b.AddVsock().AddVmci());
        await using var pull = runtime.CreateSocket(SocketType.Pull);
        await using var push = runtime.CreateSocket(SocketType.Push);
        var endpoint = await pull.BindAsync($"{transport}://1:*", token);
        await push.ConnectAsync(endpoint, token);
        var payload = new byte[10 * 1024 * 1024];
        new Random(10).NextBytes(payload);

        await push.SendAsync(new ZMessage([payload, "trailer"u8.ToArray()]), token);
        var received = await pull.ReceiveAsync(token);

        Assert.Equal(2, received.Count);
        Assert.Equal(payload.Length, received[0].Length);
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(received[0].Span));
        Assert.Equal("trailer", received.GetString(1));
    }

    [Fact]
    public async Task Serves_200_concurrent_connections_to_one_socket()
    {
        const int Peers = 200;

        // Two hundred sockets with their actors take about ten seconds on UML's one virtual CPU.
        using var deadline = new CancellationTokenSource(2 * Uml.Timeout);
        var token = deadline.Token;
        await using var runtime = SocketRuntime.Create(b => b.AddVsock());
        await using var pull = runtime.CreateSocket(SocketType.Pull);
        var endpoint = await pull.BindAsync("vsock://1:*", token);

        var pushes = new List<ZSocket>();
        try
        {
            for (var i = 0; i < Peers; i++)
            {
                pushes.Add(runtime.CreateSocket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero }));
            }

            await Task.WhenAll(pushes.Select(async (push, i) =>
            {
                await push.ConnectAsync(endpoint, token);
                await push.SendAsync($"peer {i}");
            }));

            var seen = new HashSet<string>();
            while (seen.Count < Peers)
            {
                var message = await pull.ReceiveAsync(token);
                Assert.True(seen.Add(message.GetString(0)), $"{message.GetString(0)} arrived twice");
            }

            Assert.Equal(Enumerable.Range(0, Peers).Select(i => $"peer {i}").Order(), seen.Order());
        }
        finally
        {
            foreach (var push in pushes)
            {
                await push.DisposeAsync();
            }
        }
    }
}
