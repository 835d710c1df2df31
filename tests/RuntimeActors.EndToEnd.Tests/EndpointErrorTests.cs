using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>zmq_bind(3), zmq_connect(3), zmq_unbind(3): each failure has its code and names the endpoint, and the socket keeps working.</summary>
public sealed class EndpointErrorTests(ITestOutputHelper output) : SocketTestKit(output)
{
    [Theory]
    [InlineData("tcp:/127.0.0.1:5555", ZmqError.InvalidArgument)]
    [InlineData("://127.0.0.1:5555", ZmqError.InvalidArgument)]
    [InlineData("tcp://", ZmqError.InvalidArgument)]
    [InlineData("tcp://127.0.0.1", ZmqError.InvalidArgument)]
    [InlineData("tcp://127.0.0.1:99999", ZmqError.InvalidArgument)]
    [InlineData("carrier-pigeon://loft:1", ZmqError.ProtocolNotSupported)]
    public async Task A_malformed_or_unknown_endpoint_fails_the_call_and_names_the_endpoint(string endpoint, ZmqError expected)
    {
        var socket = Socket(SocketType.Pull);

        var bind = await Assert.ThrowsAsync<ZmqException>(() => socket.BindAsync(endpoint).AsTask());
        var connect = await Assert.ThrowsAsync<ZmqException>(() => socket.ConnectAsync(endpoint).AsTask());

        Assert.Equal(expected, bind.Error);
        Assert.Equal(expected, connect.Error);
        Assert.Contains(endpoint, bind.Message, StringComparison.Ordinal);
        Assert.StartsWith(bind.ErrorName, bind.Message, StringComparison.Ordinal);

        // The failed calls cost the socket nothing.
        var push = Socket(SocketType.Push);
        await push.ConnectAsync(await BindLoopbackAsync(socket));
        await push.SendAsync("still serving");
        Assert.Equal(["still serving"], await ReceiveStringsAsync(socket));
    }

    [Fact]
    public async Task Binding_an_endpoint_in_use_fails_with_EADDRINUSE()
    {
        var first = Socket(SocketType.Pull);
        var second = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(first);
        var monitor = Monitor(second);

        var error = await Assert.ThrowsAsync<ZmqException>(() => second.BindAsync(endpoint).AsTask());

        Assert.Equal(ZmqError.AddressInUse, error.Error);
        Assert.Equal(endpoint, error.Endpoint);
        var failed = await ExpectEventAsync(monitor, SocketEventKind.BindFailed);
        Assert.Equal(endpoint, failed.Endpoint);
    }

    [Fact]
    public async Task A_wildcard_bind_reports_the_real_endpoint_and_unbind_takes_it()
    {
        var socket = Socket(SocketType.Pull);

        var endpoint = await socket.BindAsync("tcp://*:*");

        Assert.Matches(@"^tcp://0\.0\.0\.0:\d+$", endpoint);
        Assert.NotEqual("tcp://0.0.0.0:0", endpoint);
        Assert.Equal(endpoint, socket.LastEndpoint);
        await socket.UnbindAsync(endpoint);
        var again = await Assert.ThrowsAsync<ZmqException>(() => socket.UnbindAsync(endpoint).AsTask());
        Assert.Equal(ZmqError.NoSuchEndpoint, again.Error);
    }

    [Fact]
    public async Task Unbind_of_an_endpoint_not_bound_fails_with_ENOENT()
    {
        var socket = Socket(SocketType.Pull);

        var error = await Assert.ThrowsAsync<ZmqException>(() => socket.UnbindAsync("tcp://127.0.0.1:5555").AsTask());

        Assert.Equal(ZmqError.NoSuchEndpoint, error.Error);
        Assert.Equal("tcp://127.0.0.1:5555", error.Endpoint);
    }

    [Fact]
    public async Task The_port_is_free_as_soon_as_unbind_returns()
    {
        var first = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(first);

        await first.UnbindAsync(endpoint);

        var second = Socket(SocketType.Pull);
        Assert.Equal(endpoint, await second.BindAsync(endpoint));
    }

    [Fact]
    public async Task The_port_is_free_as_soon_as_the_socket_is_disposed()
    {
        var first = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(first);

        await first.DisposeAsync();

        var second = Socket(SocketType.Pull);
        Assert.Equal(endpoint, await second.BindAsync(endpoint));
    }

    [Fact]
    public async Task Calls_on_a_closed_socket_fail_with_ENOTSOCK()
    {
        var socket = Socket(SocketType.Push);
        await socket.DisposeAsync();

        Assert.Equal(ZmqError.NotSocket, (await Assert.ThrowsAsync<ZmqException>(() => socket.BindAsync("tcp://127.0.0.1:*").AsTask())).Error);
        Assert.Equal(ZmqError.NotSocket, (await Assert.ThrowsAsync<ZmqException>(() => socket.SendAsync("x").AsTask())).Error);
        Assert.Equal(ZmqError.NotSocket, Assert.Throws<ZmqException>(() => socket.TryReceive(out _, TimeSpan.Zero)).Error);
    }

    [Fact]
    public async Task A_receive_pending_when_the_socket_closes_fails_with_ENOTSOCK()
    {
        var socket = Socket(SocketType.Pull);
        var pending = socket.ReceiveAsync().AsTask();

        await socket.DisposeAsync();

        Assert.Equal(ZmqError.NotSocket, (await Assert.ThrowsAsync<ZmqException>(() => pending)).Error);
    }

    [Fact]
    public async Task Calls_after_the_runtime_is_disposed_fail_with_ETERM()
    {
        var runtime = SocketRuntime.Create(b => b.AddTcp());
        var socket = runtime.CreateSocket(SocketType.Push);

        await runtime.DisposeAsync();

        Assert.Equal(ZmqError.Terminated, Assert.Throws<ZmqException>(() => runtime.CreateSocket(SocketType.Pull)).Error);
        Assert.Equal(ZmqError.Terminated, (await Assert.ThrowsAsync<ZmqException>(() => socket.SendAsync("x").AsTask())).Error);
        Assert.Equal(ZmqError.Terminated, (await Assert.ThrowsAsync<ZmqException>(() => socket.ConnectAsync("tcp://127.0.0.1:5555").AsTask())).Error);
    }

    [Fact]
    public async Task A_second_request_before_the_reply_fails_with_EFSM()
    {
        var req = Socket(SocketType.Req);
        var rep = Socket(SocketType.Rep);
        await req.ConnectAsync(await BindLoopbackAsync(rep));
        await req.SendAsync("first");

        var error = await Assert.ThrowsAsync<ZmqException>(() => req.SendAsync("second").AsTask());

        Assert.Equal(ZmqError.InvalidState, error.Error);
    }
}
