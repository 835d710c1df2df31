using System.Text.RegularExpressions;
using static RuntimeActors.Transports.Ipc.Tests.RuntimeHarness;

namespace RuntimeActors.Transports.Ipc.Tests;

/// <summary>The rules of zmq_ipc(7), one test each, through the runtime's sockets.</summary>
public sealed class IpcRuleTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task A_wildcard_bind_reports_a_unique_temporary_path_and_unbind_takes_it()
    {
        await using var runtime = CreateRuntime();
        await using var pull = runtime.CreateSocket(SocketType.Pull, Options());
        await using var push = runtime.CreateSocket(SocketType.Push, Options());

        var endpoint = await pull.BindAsync("ipc://*");
        var other = await pull.BindAsync("ipc://*");

        Assert.Matches(new Regex($"^ipc://{Regex.Escape(Path.GetTempPath())}ractors-ipc-[^/]+/socket$"), endpoint);
        Assert.NotEqual(endpoint, other);
        Assert.Equal(other, pull.LastEndpoint);
        await push.ConnectAsync(endpoint);
        await push.SendAsync("via the temporary path");
        Assert.Equal(["via the temporary path"], await ReceiveStringsAsync(pull));

        await pull.UnbindAsync(endpoint);

        var path = endpoint["ipc://".Length..];
        Assert.False(File.Exists(path), "unbind left the socket file");
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)), "unbind left the temporary directory");
        var error = await Assert.ThrowsAsync<ZmqException>(() => pull.UnbindAsync("ipc://*").AsTask());
        Assert.Equal(ZmqError.NoSuchEndpoint, error.Error);
    }

    [Fact]
    public async Task An_abstract_name_binds_once_and_a_second_bind_fails_with_EADDRINUSE()
    {
        var name = Scratch.AbstractName();
        await using var runtime = CreateRuntime();
        await using var first = runtime.CreateSocket(SocketType.Pull, Options());
        await using var second = runtime.CreateSocket(SocketType.Pull, Options());
        await using var push = runtime.CreateSocket(SocketType.Push, Options());

        Assert.Equal($"ipc://{name}", await first.BindAsync($"ipc://{name}"));
        var error = await Assert.ThrowsAsync<ZmqException>(() => second.BindAsync($"ipc://{name}").AsTask());

        Assert.Equal(ZmqError.AddressInUse, error.Error);
        Assert.StartsWith($"EADDRINUSE: ipc://{name}: the abstract name {name} is already bound", error.Message, StringComparison.Ordinal);
        await push.ConnectAsync($"ipc://{name}");
        await push.SendAsync("to the first");
        Assert.Equal(["to the first"], await ReceiveStringsAsync(first));
    }

    [Fact]
    public async Task A_second_bind_to_a_path_takes_it_over_and_the_first_socket_keeps_its_peers_but_gets_no_new_ones()
    {
        var endpoint = $"ipc://{_scratch.PathOf("feed")}";
        await using var runtime = CreateRuntime();
        await using var first = runtime.CreateSocket(SocketType.Pull, Options());
        await using var second = runtime.CreateSocket(SocketType.Pull, Options());
        await using var early = runtime.CreateSocket(SocketType.Push, Options());
        await using var late = runtime.CreateSocket(SocketType.Push, Options());
        await first.BindAsync(endpoint);
        await early.ConnectAsync(endpoint);
        await early.SendAsync("before the takeover");
        Assert.Equal(["before the takeover"], await ReceiveStringsAsync(first));

        Assert.Equal(endpoint, await second.BindAsync(endpoint));

        await late.ConnectAsync(endpoint);
        await late.SendAsync("after the takeover");
        Assert.Equal(["after the takeover"], await ReceiveStringsAsync(second));
        await early.SendAsync("on the old connection");
        Assert.Equal(["on the old connection"], await ReceiveStringsAsync(first));
    }

    [Fact]
    public async Task Closing_a_socket_that_lost_its_path_leaves_the_new_owners_file()
    {
        var path = _scratch.PathOf("feed");
        await using var runtime = CreateRuntime();
        var first = runtime.CreateSocket(SocketType.Pull, Options());
        await using var second = runtime.CreateSocket(SocketType.Pull, Options());
        await using var push = runtime.CreateSocket(SocketType.Push, Options());
        await first.BindAsync($"ipc://{path}");
        await second.BindAsync($"ipc://{path}");

        await first.DisposeAsync();

        Assert.True(File.Exists(path), "closing the socket that was taken over removed its successor's file");
        await push.ConnectAsync($"ipc://{path}");
        await push.SendAsync("still reachable");
        Assert.Equal(["still reachable"], await ReceiveStringsAsync(second));
    }

    [Fact]
    public async Task A_path_too_long_fails_with_ENAMETOOLONG_naming_the_limit()
    {
        var endpoint = "ipc:///tmp/" + new string('l', 103);
        Assert.Equal(114, endpoint.Length);
        await using var runtime = CreateRuntime();
        await using var socket = runtime.CreateSocket(SocketType.Pull, Options());

        var bind = await Assert.ThrowsAsync<ZmqException>(() => socket.BindAsync(endpoint).AsTask());
        var connect = await Assert.ThrowsAsync<ZmqException>(() => socket.ConnectAsync(endpoint).AsTask());

        Assert.Equal(ZmqError.NameTooLong, bind.Error);
        Assert.Equal(
            $"ENAMETOOLONG: {endpoint}: the path is 108 bytes long, and Linux allows at most 107 in a Unix domain socket address (113 characters with the ipc:// prefix)",
            bind.Message);
        Assert.Equal(ZmqError.NameTooLong, connect.Error);
    }

    [Fact]
    public async Task A_bind_into_a_missing_directory_fails_with_ENOENT()
    {
        var directory = _scratch.PathOf("nowhere");
        var endpoint = $"ipc://{directory}/feed";
        await using var runtime = CreateRuntime();
        await using var socket = runtime.CreateSocket(SocketType.Pull, Options());

        var error = await Assert.ThrowsAsync<ZmqException>(() => socket.BindAsync(endpoint).AsTask());

        Assert.Equal(ZmqError.NoSuchEndpoint, error.Error);
        Assert.Equal($"ENOENT: {endpoint}: the directory '{directory}' does not exist (ENOENT)", error.Message);
    }

    [Fact]
    public async Task The_socket_file_is_removed_when_the_socket_closes()
    {
        var path = _scratch.PathOf("feed");
        await using var runtime = CreateRuntime();
        var socket = runtime.CreateSocket(SocketType.Pull, Options());
        await socket.BindAsync($"ipc://{path}");
        Assert.True(File.Exists(path));

        await socket.DisposeAsync();

        Assert.False(File.Exists(path), "the socket file outlived its socket");
    }

    [Fact]
    public async Task The_socket_file_is_removed_on_unbind_and_the_path_can_be_bound_again()
    {
        var path = _scratch.PathOf("feed");
        await using var runtime = CreateRuntime();
        await using var socket = runtime.CreateSocket(SocketType.Pull, Options());
        await using var push = runtime.CreateSocket(SocketType.Push, Options());
        await socket.BindAsync($"ipc://{path}");

        await socket.UnbindAsync($"ipc://{path}");

        Assert.False(File.Exists(path), "the socket file outlived the unbind");
        await socket.BindAsync($"ipc://{path}");
        await push.ConnectAsync($"ipc://{path}");
        await push.SendAsync("again");
        Assert.Equal(["again"], await ReceiveStringsAsync(socket));
    }

    [Fact]
    public async Task A_connect_before_the_bind_is_retried_under_supervision_until_the_path_exists()
    {
        var endpoint = $"ipc://{_scratch.PathOf("later")}";
        await using var runtime = CreateRuntime();
        await using var push = runtime.CreateSocket(SocketType.Push, Options());
        await using var pull = runtime.CreateSocket(SocketType.Pull, Options());
        var events = Monitor(runtime, push);

        await push.ConnectAsync(endpoint);
        await push.SendAsync("sent before the bind");
        var retried = await ExpectEventAsync(events, SocketEventKind.ConnectRetried);
        await pull.BindAsync(endpoint);

        Assert.Equal(["sent before the bind"], await ReceiveStringsAsync(pull));
        Assert.Equal(endpoint, retried.Endpoint);
        var cause = Assert.IsType<ZmqException>(retried.Error);
        Assert.Equal(ZmqError.NoSuchEndpoint, cause.Error);
        await ExpectEventAsync(events, SocketEventKind.Connected);
    }

    [Fact]
    public async Task A_connect_to_an_abstract_name_before_the_bind_is_retried_too()
    {
        var endpoint = $"ipc://{Scratch.AbstractName()}";
        await using var runtime = CreateRuntime();
        await using var req = runtime.CreateSocket(SocketType.Req, Options());
        await using var rep = runtime.CreateSocket(SocketType.Rep, Options());
        var events = Monitor(runtime, req);

        await req.ConnectAsync(endpoint);
        await req.SendAsync("anyone?");
        var retried = await ExpectEventAsync(events, SocketEventKind.ConnectRetried);
        await rep.BindAsync(endpoint);

        Assert.Equal(["anyone?"], await ReceiveStringsAsync(rep));
        Assert.Equal(ZmqError.ConnectionRefused, Assert.IsType<ZmqException>(retried.Error).Error);
    }

    [Fact]
    public async Task A_connecter_reconnects_after_the_binder_closes_and_another_binds_the_path()
    {
        var endpoint = $"ipc://{_scratch.PathOf("restart")}";
        await using var runtime = CreateRuntime();
        await using var push = runtime.CreateSocket(SocketType.Push, Options());
        var events = Monitor(runtime, push);
        var first = runtime.CreateSocket(SocketType.Pull, Options());
        await first.BindAsync(endpoint);
        await push.ConnectAsync(endpoint);
        await push.SendAsync("one");
        Assert.Equal(["one"], await ReceiveStringsAsync(first));

        await first.DisposeAsync();
        // Until the pusher sees the connection end, a message can still go down it and die with the old binder,
        // in libzmq as here; once it has, messages wait in the pipe for the reconnect.
        await ExpectEventAsync(events, SocketEventKind.Disconnected);
        await using var second = runtime.CreateSocket(SocketType.Pull, Options());
        await second.BindAsync(endpoint);
        await push.SendAsync("two");

        Assert.Equal(["two"], await ReceiveStringsAsync(second));
    }
}
