using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RuntimeActors.Transports.Ipc.Tests;

public sealed class IpcListenTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Binds_an_absolute_path_reports_it_as_the_real_endpoint_and_creates_a_socket_file()
    {
        var path = _scratch.PathOf("feed");

        await using var listener = await IpcHarness.ListenAsync(path);

        Assert.Equal($"ipc://{path}", listener.Endpoint);
        Assert.True(FileIdentity.TryRead(path, out var file) && file.IsSocket, "no socket file at the path");
        await IpcHarness.AssertReachesAsync(listener, path);
    }

    [Fact]
    public async Task Binds_a_relative_path_in_the_working_directory_and_reports_it_as_written()
    {
        // The working directory belongs to the whole process, so the test reaches its scratch directory from it
        // instead of changing it under the other tests.
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, _scratch.PathOf("relative"));
        Assert.False(Path.IsPathRooted(relative));

        await using var listener = await IpcHarness.ListenAsync(relative);

        Assert.Equal($"ipc://{relative}", listener.Endpoint);
        Assert.True(File.Exists(_scratch.PathOf("relative")));
        await IpcHarness.AssertReachesAsync(listener, _scratch.PathOf("relative"));
    }

    [Fact]
    public async Task A_wildcard_bind_creates_a_unique_path_in_a_private_temporary_directory_and_removes_both()
    {
        var first = await IpcHarness.ListenAsync("*");
        await using var second = await IpcHarness.ListenAsync("*");
        var path = IpcHarness.AddressOf(first.Endpoint);
        var directory = Path.GetDirectoryName(path)!;

        Assert.Matches(new Regex($"^ipc://{Regex.Escape(Path.GetTempPath())}ractors-ipc-[^/]+/socket$"), first.Endpoint);
        Assert.NotEqual(first.Endpoint, second.Endpoint);
        Assert.True(File.Exists(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        await IpcHarness.AssertReachesAsync(first, path);

        await first.DisposeAsync();

        Assert.False(File.Exists(path), "the socket file outlived the listener");
        Assert.False(Directory.Exists(directory), "the temporary directory outlived the listener");
    }

    [Fact]
    public async Task Binds_an_abstract_name_without_any_file()
    {
        var name = Scratch.AbstractName();

        await using var listener = await IpcHarness.ListenAsync(name);

        Assert.Equal($"ipc://{name}", listener.Endpoint);
        Assert.Null(((IpcTransportListener)listener).File);
        Assert.False(File.Exists(name), "an abstract name made a file in the working directory");
        await IpcHarness.AssertReachesAsync(listener, name);
    }

    [Fact]
    public async Task A_second_bind_of_an_abstract_name_fails_with_EADDRINUSE_until_the_first_is_gone()
    {
        var name = Scratch.AbstractName();
        var first = await IpcHarness.ListenAsync(name);

        var error = await Assert.ThrowsAsync<ZmqException>(() => IpcHarness.ListenAsync(name));

        Assert.Equal(ZmqError.AddressInUse, error.Error);
        Assert.Equal($"ipc://{name}", error.Endpoint);
        Assert.StartsWith($"EADDRINUSE: ipc://{name}: the abstract name {name} is already bound", error.Message, StringComparison.Ordinal);
        await first.DisposeAsync();
        await using var again = await IpcHarness.ListenAsync(name);
        await IpcHarness.AssertReachesAsync(again, name);
    }

    [Fact]
    public async Task A_second_bind_of_a_path_takes_it_over_and_the_first_listener_no_longer_gets_connections()
    {
        var path = _scratch.PathOf("taken");
        var first = await IpcHarness.ListenAsync(path);
        var firstAccept = first.AcceptAsync(CancellationToken.None).AsTask();

        await using var second = await IpcHarness.ListenAsync(path);

        Assert.Equal(first.Endpoint, second.Endpoint);
        await IpcHarness.AssertReachesAsync(second, path);
        Assert.False(firstAccept.IsCompleted, "the connection reached the listener that lost the path");
        await first.DisposeAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstAccept.WaitAsync(IpcHarness.Timeout));
    }

    [Fact]
    public async Task A_listener_that_lost_its_path_leaves_the_new_owners_file_when_it_closes()
    {
        var path = _scratch.PathOf("kept");
        var first = await IpcHarness.ListenAsync(path);
        await using var second = await IpcHarness.ListenAsync(path);

        await first.DisposeAsync();

        Assert.True(File.Exists(path), "the listener that was taken over removed the file of the one that took it");
        await IpcHarness.AssertReachesAsync(second, path);
        await second.DisposeAsync();
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_socket_file_left_by_a_dead_binder_is_taken_over()
    {
        var path = _scratch.PathOf("stale");
        // A socket bound without the transport and closed leaves its file behind, as a crashed process does.
        using (var dead = new Socket(AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, ProtocolType.Unspecified))
        {
            dead.Bind(new IpcBindEndPoint(new UnixDomainSocketEndPoint(path)));
        }

        Assert.True(File.Exists(path));

        await using var listener = await IpcHarness.ListenAsync(path);

        await IpcHarness.AssertReachesAsync(listener, path);
    }

    [Fact]
    public async Task A_regular_file_at_the_path_is_not_removed_and_the_bind_fails_with_EADDRINUSE()
    {
        var path = _scratch.PathOf("precious.txt");
        await File.WriteAllTextAsync(path, "keep me");

        var error = await Assert.ThrowsAsync<ZmqException>(() => IpcHarness.ListenAsync(path));

        Assert.Equal(ZmqError.AddressInUse, error.Error);
        Assert.Equal($"'{path}' exists and is not a socket; only a socket file is taken over, so the file stays and the bind fails", error.Reason);
        Assert.Equal("keep me", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task A_directory_at_the_path_is_not_removed_and_the_bind_fails_with_EADDRINUSE()
    {
        var path = _scratch.PathOf("dir");
        Directory.CreateDirectory(path);

        var error = await Assert.ThrowsAsync<ZmqException>(() => IpcHarness.ListenAsync(path));

        Assert.Equal(ZmqError.AddressInUse, error.Error);
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public async Task A_bind_into_a_missing_directory_fails_with_ENOENT_naming_the_directory()
    {
        var directory = _scratch.PathOf("missing");
        var path = Path.Join(directory, "feed");

        var error = await Assert.ThrowsAsync<ZmqException>(() => IpcHarness.ListenAsync(path));

        Assert.Equal(ZmqError.NoSuchEndpoint, error.Error);
        Assert.Equal($"ipc://{path}", error.Endpoint);
        Assert.Equal($"ENOENT: ipc://{path}: the directory '{directory}' does not exist (ENOENT)", error.Message);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task A_bind_below_a_regular_file_fails_naming_the_file()
    {
        var file = _scratch.PathOf("plain");
        await File.WriteAllTextAsync(file, "x");
        var path = Path.Join(file, "feed");

        var error = await Assert.ThrowsAsync<ZmqException>(() => IpcHarness.ListenAsync(path));

        Assert.Equal(ZmqError.NoSuchEndpoint, error.Error);
        Assert.StartsWith($"'{file}' is a file, not a directory", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bind_into_a_directory_without_write_permission_fails_with_EACCES()
    {
        var directory = _scratch.PathOf("readonly");
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(_scratch.Directory, File.GetUnixFileMode(_scratch.Directory) | UnixFileMode.OtherExecute);
        var path = Path.Join(directory, "feed");
        var address = IpcHarness.Transport.Resolve(path, EndpointUse.Bind);

        // The transport binds before ListenAsync returns, so the bind runs with the unprivileged identity.
        var listening = Unprivileged.Run(() => IpcHarness.Transport.ListenAsync(address, CancellationToken.None).AsTask());

        var error = Assert.IsType<ZmqException>(listening.Exception?.InnerException);
        Assert.Equal(ZmqError.AccessDenied, error.Error);
        Assert.Equal(
            $"EACCES: ipc://{path}: permission denied to create the socket file '{path}': the directory '{directory}' is not writable, or a directory above it is not searchable (AccessDenied)",
            error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_path_too_long_fails_with_ENAMETOOLONG_before_anything_is_created()
    {
        var path = _scratch.PathOf(new string('n', 120));

        var error = await Assert.ThrowsAsync<ZmqException>(() => IpcHarness.ListenAsync(path));

        Assert.Equal(ZmqError.NameTooLong, error.Error);
        Assert.Contains("Linux allows at most 107", error.Reason, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_scratch.Directory));
    }

    [Fact]
    public async Task Disposing_the_listener_removes_the_socket_file_so_connecting_finds_nothing()
    {
        var path = _scratch.PathOf("gone");
        var listener = await IpcHarness.ListenAsync(path);

        await listener.DisposeAsync();

        Assert.False(File.Exists(path));
        var error = await Assert.ThrowsAsync<ZmqException>(() => IpcHarness.ConnectAsync(path));
        Assert.Equal(ZmqError.NoSuchEndpoint, error.Error);
    }

    [Fact]
    public async Task Disposing_the_listener_ends_a_pending_accept_with_cancellation()
    {
        var listener = await IpcHarness.ListenAsync(_scratch.PathOf("accept"));
        var accepting = listener.AcceptAsync(CancellationToken.None).AsTask();
        Assert.False(accepting.IsCompleted);

        await listener.DisposeAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting.WaitAsync(IpcHarness.Timeout));
        Assert.Contains(listener.Endpoint, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listener.AcceptAsync(CancellationToken.None).AsTask());
        await listener.DisposeAsync();
    }

    [Fact]
    public async Task A_cancelled_token_ends_a_pending_accept_and_the_listener_goes_on()
    {
        var path = _scratch.PathOf("cancel");
        await using var listener = await IpcHarness.ListenAsync(path);
        using var cancel = new CancellationTokenSource();
        var accepting = listener.AcceptAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting.WaitAsync(IpcHarness.Timeout));
        await IpcHarness.AssertReachesAsync(listener, path);
    }

    [Fact]
    public async Task Listening_with_a_cancelled_token_binds_nothing()
    {
        var path = _scratch.PathOf("never");
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            IpcHarness.Transport.ListenAsync(IpcHarness.Transport.Resolve(path, EndpointUse.Bind), cancel.Token).AsTask());

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Listen_and_connect_refuse_addresses_resolved_for_the_other_use()
    {
        var transport = new IpcTransport();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            transport.ListenAsync(transport.Resolve("/tmp/x", EndpointUse.Connect), CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() =>
            transport.ConnectAsync(transport.Resolve("/tmp/x", EndpointUse.Bind), CancellationToken.None).AsTask());
    }
}
