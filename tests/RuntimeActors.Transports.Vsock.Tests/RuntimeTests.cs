namespace RuntimeActors.Transports.Vsock.Tests;

/// <summary>The transports through the socket runtime's API, as far as this machine allows without a peer.</summary>
public sealed class RuntimeTests
{
    [Fact]
    public async Task A_wildcard_bind_reports_its_real_endpoint()
    {
        await using var runtime = SocketRuntime.Create(b => b.AddVsock().AddVmci());
        await using var pull = runtime.CreateSocket(SocketType.Pull);

        var vsock = await pull.BindAsync("vsock://*:*");
        var vmci = await pull.BindAsync("vmci://-1:-1");

        Assert.Matches(@"^vsock://\*:[0-9]+$", vsock);
        Assert.Matches(@"^vmci://\*:[0-9]+$", vmci);
        Assert.Equal(vmci, pull.LastEndpoint);
        Assert.Contains("vsock", runtime.Transports);
        Assert.Contains("vmci", runtime.Transports);
    }

    [Fact]
    public async Task Unbinding_the_real_endpoint_frees_the_port()
    {
        await using var runtime = SocketRuntime.Create(b => b.AddVsock());
        await using var first = runtime.CreateSocket(SocketType.Pull);
        var endpoint = await first.BindAsync("vsock://*:*");

        await first.UnbindAsync(endpoint);

        await using var second = runtime.CreateSocket(SocketType.Pull);
        Assert.Equal(endpoint, await second.BindAsync(endpoint));
    }

    [Fact]
    public async Task A_second_bind_of_a_port_fails_with_EADDRINUSE()
    {
        await using var runtime = SocketRuntime.Create(b => b.AddVsock());
        await using var first = runtime.CreateSocket(SocketType.Pull);
        await using var second = runtime.CreateSocket(SocketType.Pull);
        var endpoint = await first.BindAsync("vsock://*:*");

        var failure = await Assert.ThrowsAsync<ZmqException>(async () => await second.BindAsync(endpoint));

        Assert.Equal(ZmqError.AddressInUse, failure.Error);
        Assert.Equal(endpoint, failure.Endpoint);
    }

    [Theory]
    [InlineData("vsock://*:5555")]
    [InlineData("vsock://@:5555")]
    [InlineData("vsock://3:*")]
    [InlineData("vmci://2")]
    public async Task A_connect_without_a_numeric_CID_and_port_fails_with_EINVAL(string endpoint)
    {
        await using var runtime = SocketRuntime.Create(b => b.AddVsock().AddVmci());
        await using var push = runtime.CreateSocket(SocketType.Push);

        var failure = await Assert.ThrowsAsync<ZmqException>(async () => await push.ConnectAsync(endpoint));

        Assert.Equal(ZmqError.InvalidArgument, failure.Error);
        Assert.Equal(endpoint, failure.Endpoint);
    }

    [Fact]
    public void Inconsistent_options_are_refused_when_the_transport_is_added()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SocketRuntime.Create(b => b.AddVsock(new VmSocketOptions { BufferMinSize = 2048, BufferMaxSize = 1024 })));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SocketRuntime.Create(b => b.AddVmci(new VmSocketOptions { BufferSize = 1 << 20, BufferMaxSize = 1024 })));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SocketRuntime.Create(b => b.AddVmci(new VmSocketOptions { ConnectTimeout = TimeSpan.Zero })));
    }
}
