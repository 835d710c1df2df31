using System.Net.Sockets;

namespace RuntimeActors.Transports.Ipc.Tests;

public sealed class IpcConnectTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Connecting_to_a_path_nobody_bound_yet_fails_with_ENOENT_and_is_transient()
    {
        var path = _scratch.PathOf("later");

        var error = await Assert.ThrowsAsync<ZmqException>(() => IpcHarness.ConnectAsync(path));

        Assert.Equal(ZmqError.NoSuchEndpoint, error.Error);
        Assert.Equal($"ipc://{path}", error.Endpoint);
        Assert.Equal($"ENOENT: ipc://{path}: nothing is bound at '{path}' yet (no such file) (ENOENT)", error.Message);
        Assert.True(IpcHarness.Transport.IsTransient(error), "zmq_ipc(7) lets a peer connect before the bind: the connecter must retry");
    }

    [Fact]
    public async Task Connecting_to_a_socket_file_nobody_listens_on_fails_with_ECONNREFUSED_and_is_transient()
    {
        var path = _scratch.PathOf("stale");
        using (var dead = new Socket(AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, ProtocolType.Unspecified))
        {
            dead.Bind(new IpcBindEndPoint(new UnixDomainSocketEndPoint(path)));
        }

        var error = await Assert.ThrowsAsync<ZmqException>(() => IpcHarness.ConnectAsync(path));

        Assert.Equal(ZmqError.ConnectionRefused, error.Error);
        Assert.Equal($"ECONNREFUSED: ipc://{path}: nobody accepts connections at '{path}' (connection refused) (ConnectionRefused)", error.Message);
        Assert.True(IpcHarness.Transport.IsTransient(error));
    }

    [Fact]
    public async Task Connecting_to_an_abstract_name_nobody_bound_fails_with_ECONNREFUSED_and_is_transient()
    {
        var name = Scratch.AbstractName();

        var error = await Assert.ThrowsAsync<ZmqException>(() => IpcHarness.ConnectAsync(name));

        Assert.Equal(ZmqError.ConnectionRefused, error.Error);
        Assert.Contains($"nobody accepts connections at '{name}'", error.Reason, StringComparison.Ordinal);
        Assert.True(IpcHarness.Transport.IsTransient(error));
    }

    [Fact]
    public async Task Connecting_without_permission_fails_with_EACCES_and_is_not_retried()
    {
        var path = _scratch.PathOf("guarded");
        await using var listener = await IpcHarness.ListenAsync(path);
        // connect(2) needs write permission on the socket file.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(_scratch.Directory, File.GetUnixFileMode(_scratch.Directory) | UnixFileMode.OtherExecute);
        var address = IpcHarness.Transport.Resolve(path, EndpointUse.Connect);

        // A Unix domain connect succeeds or fails inside the call, so it runs with the unprivileged identity.
        var connecting = Unprivileged.Run(() => IpcHarness.Transport.ConnectAsync(address, CancellationToken.None).AsTask());

        var error = await Assert.ThrowsAsync<ZmqException>(() => connecting.WaitAsync(IpcHarness.Timeout));
        Assert.Equal(ZmqError.AccessDenied, error.Error);
        Assert.StartsWith($"permission denied to connect to '{path}'", error.Reason, StringComparison.Ordinal);
        Assert.False(IpcHarness.Transport.IsTransient(error));
    }

    [Fact]
    public async Task Connects_to_a_relative_path_from_the_working_directory()
    {
        var path = _scratch.PathOf("rel");
        await using var listener = await IpcHarness.ListenAsync(path);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);

        await IpcHarness.AssertReachesAsync(listener, relative);
    }

    [Fact]
    public async Task Both_ends_report_the_bound_path_and_the_unnamed_end_as_libzmq_prints_them()
    {
        var path = _scratch.PathOf("named");
        await using var listener = await IpcHarness.ListenAsync(path);

        var (client, server) = await IpcHarness.PairAsync(listener);
        await using (client)
        await using (server)
        {
            Assert.Equal($"ipc://{path}", client.RemoteEndpoint);
            Assert.Equal("ipc://", client.LocalEndpoint);
            Assert.Equal($"ipc://{path}", server.LocalEndpoint);
            Assert.Equal("ipc://", server.RemoteEndpoint);
        }
    }

    [Fact]
    public async Task An_abstract_end_is_reported_with_its_at_sign()
    {
        var name = Scratch.AbstractName();
        await using var listener = await IpcHarness.ListenAsync(name);

        var (client, server) = await IpcHarness.PairAsync(listener);
        await using (client)
        await using (server)
        {
            Assert.Equal($"ipc://{name}", client.RemoteEndpoint);
            Assert.Equal($"ipc://{name}", server.LocalEndpoint);
        }
    }

    [Fact]
    public async Task Connect_honours_a_cancelled_token()
    {
        var path = _scratch.PathOf("cancel");
        await using var listener = await IpcHarness.ListenAsync(path);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            IpcHarness.Transport.ConnectAsync(IpcHarness.Transport.Resolve(path, EndpointUse.Connect), cancel.Token).AsTask().WaitAsync(IpcHarness.Timeout));
    }
}
