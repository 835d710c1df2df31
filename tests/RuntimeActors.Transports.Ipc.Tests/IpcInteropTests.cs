using static RuntimeActors.Transports.Ipc.Tests.RuntimeHarness;

namespace RuntimeActors.Transports.Ipc.Tests;

/// <summary>RuntimeActors and libzmq 4.3 (python3-zmq) on the same machine over ipc, each side binding in turn.</summary>
public sealed class IpcInteropTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Our_push_connects_to_a_libzmq_pull_bound_at_a_path()
    {
        var endpoint = $"ipc://{_scratch.PathOf("libzmq-pull")}";
        await using var peer = ZmqPeer.Start("PULL", $"bind:{endpoint}", "recv:2");
        Assert.Equal(endpoint, await peer.ExpectBoundAsync());
        await using var runtime = CreateRuntime();
        await using var push = runtime.CreateSocket(SocketType.Push, Options());

        await push.ConnectAsync(endpoint);
        await push.SendAsync("first", "frame");
        await push.SendAsync("second");

        Assert.Equal(["first", "frame"], await peer.ExpectReceivedAsync());
        Assert.Equal(["second"], await peer.ExpectReceivedAsync());
        await peer.ExpectDoneAsync();
    }

    [Fact]
    public async Task A_libzmq_push_connects_to_our_pull_bound_at_a_wildcard_path()
    {
        await using var runtime = CreateRuntime();
        await using var pull = runtime.CreateSocket(SocketType.Pull, Options());
        var endpoint = await pull.BindAsync("ipc://*");

        await using var peer = ZmqPeer.Start("PUSH", $"connect:{endpoint}", "send:a|b", "send:big:100000");

        Assert.Equal(["a", "b"], await ReceiveStringsAsync(pull));
        Assert.Equal(new string('x', 100_000), (await ReceiveStringsAsync(pull)).Single());
        await peer.ExpectDoneAsync();
    }

    [Fact]
    public async Task Our_req_talks_to_a_libzmq_rep_in_the_abstract_namespace()
    {
        var endpoint = $"ipc://{Scratch.AbstractName()}";
        await using var peer = ZmqPeer.Start("REP", $"bind:{endpoint}", "echo:2:re:");
        Assert.Equal(endpoint, await peer.ExpectBoundAsync());
        await using var runtime = CreateRuntime();
        await using var req = runtime.CreateSocket(SocketType.Req, Options());

        await req.ConnectAsync(endpoint);
        await req.SendAsync("one");
        Assert.Equal(["re:one"], await ReceiveStringsAsync(req));
        await req.SendAsync("two");
        Assert.Equal(["re:two"], await ReceiveStringsAsync(req));
        await peer.ExpectDoneAsync();
    }

    [Fact]
    public async Task A_libzmq_dealer_talks_to_our_router_bound_at_a_path()
    {
        var endpoint = $"ipc://{_scratch.PathOf("router")}";
        await using var runtime = CreateRuntime();
        await using var router = runtime.CreateSocket(SocketType.Router, Options());
        Assert.Equal(endpoint, await router.BindAsync(endpoint));

        await using var peer = ZmqPeer.Start("DEALER", "opt:ROUTING_ID=py", $"connect:{endpoint}", "send:hello", "recv:1");

        Assert.Equal(["py", "hello"], await ReceiveStringsAsync(router));
        await router.SendAsync("py", "world");
        Assert.Equal(["world"], await peer.ExpectReceivedAsync());
        await peer.ExpectDoneAsync();
    }

    [Fact]
    public async Task A_libzmq_sub_subscribes_to_our_xpub_and_receives_what_it_asked_for()
    {
        await using var runtime = CreateRuntime();
        await using var xpub = runtime.CreateSocket(SocketType.XPub, Options());
        var endpoint = await xpub.BindAsync("ipc://*");

        await using var peer = ZmqPeer.Start("SUB", "sub:news", $"connect:{endpoint}", "recv:1");

        using (var cancel = new CancellationTokenSource(Patience))
        {
            var subscription = await xpub.ReceiveAsync(cancel.Token);
            Assert.Equal("\u0001news", subscription.GetString(0));
        }

        await xpub.SendAsync("sports", "not this");
        await xpub.SendAsync("news", "this");
        Assert.Equal(["news", "this"], await peer.ExpectReceivedAsync());
        await peer.ExpectDoneAsync();
    }

    [Fact]
    public async Task Our_bind_takes_over_a_path_libzmq_bound_and_new_peers_reach_us()
    {
        var path = _scratch.PathOf("taken-from-libzmq");
        var endpoint = $"ipc://{path}";
        await using var first = ZmqPeer.Start("PULL", $"bind:{endpoint}", "wait:end");
        await first.ExpectBoundAsync();
        await using var runtime = CreateRuntime();
        var pull = runtime.CreateSocket(SocketType.Pull, Options());

        Assert.Equal(endpoint, await pull.BindAsync(endpoint));
        await using (var sender = ZmqPeer.Start("PUSH", $"connect:{endpoint}", "send:to the new owner"))
        {
            Assert.Equal(["to the new owner"], await ReceiveStringsAsync(pull));
            await sender.ExpectDoneAsync();
        }

        await first.SendLineAsync("end");
        await first.ExpectDoneAsync();
        await pull.DisposeAsync();
        Assert.False(File.Exists(path), "our socket file outlived our socket");
    }

    [Fact]
    public async Task A_libzmq_bind_takes_over_our_path_and_closing_our_socket_leaves_its_file()
    {
        var path = _scratch.PathOf("taken-by-libzmq");
        var endpoint = $"ipc://{path}";
        await using var runtime = CreateRuntime();
        var pull = runtime.CreateSocket(SocketType.Pull, Options());
        await pull.BindAsync(endpoint);

        await using var owner = ZmqPeer.Start("PULL", $"bind:{endpoint}", "recv:1", "recv:1");
        Assert.Equal(endpoint, await owner.ExpectBoundAsync());
        await using var push = runtime.CreateSocket(SocketType.Push, Options());
        await push.ConnectAsync(endpoint);
        await push.SendAsync("to libzmq");
        Assert.Equal(["to libzmq"], await owner.ExpectReceivedAsync());

        await pull.DisposeAsync();

        Assert.True(File.Exists(path), "closing our socket removed the file libzmq had taken over");
        await using var late = runtime.CreateSocket(SocketType.Push, Options());
        await late.ConnectAsync(endpoint);
        await late.SendAsync("still libzmq's");
        Assert.Equal(["still libzmq's"], await owner.ExpectReceivedAsync());
        await owner.ExpectDoneAsync();
    }
}
