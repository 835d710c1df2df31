using System.Net.Sockets;

namespace RuntimeActors.Transports.Ipc.Tests;

public sealed class IpcErrorsTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData(SocketError.ConnectionRefused, true)]
    [InlineData(SocketError.AddressNotAvailable, true)]
    [InlineData(SocketError.ConnectionReset, true)]
    [InlineData(SocketError.ConnectionAborted, true)]
    [InlineData(SocketError.WouldBlock, true)]
    [InlineData(SocketError.TryAgain, true)]
    [InlineData(SocketError.TimedOut, true)]
    [InlineData(SocketError.AccessDenied, false)]
    [InlineData(SocketError.SocketError, false)]
    [InlineData(SocketError.AddressFamilyNotSupported, false)]
    public void Refused_and_missing_paths_are_transient_and_permission_is_not(SocketError error, bool transient)
    {
        var failure = IpcErrors.ForConnect(new SocketException((int)error), "ipc:///tmp/x", "/tmp/x");

        Assert.Equal(transient, IpcErrors.IsTransient(error));
        Assert.Equal(transient, new IpcTransport().IsTransient(failure));
    }

    [Fact]
    public void Failures_without_a_socket_error_are_not_transient()
    {
        Assert.False(new IpcTransport().IsTransient(new ZmqException(ZmqError.InvalidArgument, "ipc://x", "bad")));
        Assert.False(new IpcTransport().IsTransient(new OperationCanceledException()));
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, ZmqError.ConnectionRefused, "nobody accepts connections at '/tmp/x' (connection refused) (ConnectionRefused)")]
    [InlineData(SocketError.AddressNotAvailable, ZmqError.NoSuchEndpoint, "nothing is bound at '/tmp/x' yet (no such file) (ENOENT)")]
    [InlineData(SocketError.AccessDenied, ZmqError.AccessDenied, "permission denied to connect to '/tmp/x': the socket file is not writable, or a directory above it is not searchable (AccessDenied)")]
    [InlineData(SocketError.WouldBlock, ZmqError.WouldBlock, "the listener at '/tmp/x' has a full backlog (WouldBlock)")]
    [InlineData(SocketError.ConnectionReset, ZmqError.ConnectionRefused, "'/tmp/x' reset the connection while it was being set up (ConnectionReset)")]
    public void Connect_failures_map_to_zmq_codes_naming_the_endpoint(SocketError socketError, ZmqError expected, string reason)
    {
        var error = IpcErrors.ForConnect(new SocketException((int)socketError), "ipc:///tmp/x", "/tmp/x");

        Assert.Equal(expected, error.Error);
        Assert.Equal("ipc:///tmp/x", error.Endpoint);
        Assert.Equal(reason, error.Reason);
        Assert.IsType<SocketException>(error.InnerException);
    }

    [Fact]
    public void Listen_failures_name_the_file_and_its_directory()
    {
        var directory = _scratch.Directory;
        var path = _scratch.PathOf("s");

        var inUse = IpcErrors.ForListen(new SocketException((int)SocketError.AddressAlreadyInUse), "ipc://@a", "@a", directory: null);
        var denied = IpcErrors.ForListen(new SocketException((int)SocketError.AccessDenied), $"ipc://{path}", path, directory);
        var outOfSockets = IpcErrors.ForListen(new SocketException((int)SocketError.TooManyOpenSockets), $"ipc://{path}", path, directory);
        var other = IpcErrors.ForListen(new SocketException((int)SocketError.SocketError), $"ipc://{path}", path, directory);

        Assert.Equal("EADDRINUSE: ipc://@a: the abstract name @a is already bound (AddressAlreadyInUse)", inUse.Message);
        Assert.Equal(ZmqError.AccessDenied, denied.Error);
        Assert.Contains($"the directory '{directory}' is not writable", denied.Reason, StringComparison.Ordinal);
        Assert.Equal(ZmqError.NoIoThread, outOfSockets.Error);
        Assert.Equal(ZmqError.AddressNotAvailable, other.Error);
        Assert.StartsWith($"the socket file '{path}' cannot be created in '{directory}' (error ", other.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_is_described_by_what_stands_in_its_way()
    {
        var file = _scratch.PathOf("file");
        File.WriteAllText(file, "x");

        Assert.Null(IpcErrors.DescribeMissingDirectory(_scratch.Directory));
        Assert.Equal($"the directory '{_scratch.PathOf("a/b")}' does not exist", IpcErrors.DescribeMissingDirectory(_scratch.PathOf("a/b")));
        Assert.Equal($"'{file}' is a file, not a directory", IpcErrors.DescribeMissingDirectory(file));
        Assert.Equal(
            $"'{file}' is a file, not a directory, so '{file}/a/b' cannot exist",
            IpcErrors.DescribeMissingDirectory($"{file}/a/b"));
    }

    [Fact]
    public void A_failure_of_an_established_connection_is_an_IOException_naming_the_peer()
    {
        var error = IpcErrors.ForConnection(new SocketException((int)SocketError.ConnectionReset), "ipc:///tmp/x");

        Assert.Equal("ipc:///tmp/x: the connection was reset by the peer (ConnectionReset)", error.Message);
        Assert.IsType<SocketException>(error.InnerException);
    }
}
