using System.Net.Sockets;

namespace RuntimeActors.Transports.Ipc.Tests;

public sealed class FileIdentityTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Tells_a_socket_file_from_a_regular_file_and_nothing()
    {
        var socketPath = _scratch.PathOf("s");
        var filePath = _scratch.PathOf("f");
        File.WriteAllText(filePath, "x");
        using var socket = new Socket(AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new IpcBindEndPoint(new UnixDomainSocketEndPoint(socketPath)));

        Assert.True(FileIdentity.TryRead(socketPath, out var ofSocket));
        Assert.True(ofSocket.IsSocket);
        Assert.True(FileIdentity.TryRead(filePath, out var ofFile));
        Assert.False(ofFile.IsSocket);
        Assert.False(FileIdentity.TryRead(_scratch.PathOf("missing"), out _));
        Assert.False(FileIdentity.TryRead(Path.Join(filePath, "below-a-file"), out _));
    }

    [Fact]
    public void The_same_file_reads_equal_and_a_file_that_replaced_it_does_not()
    {
        var path = _scratch.PathOf("f");
        File.WriteAllText(path, "first");
        Assert.True(FileIdentity.TryRead(path, out var first));
        Assert.True(FileIdentity.TryRead(path, out var again));
        // Keeping the first file alive under another name keeps its inode from being reused by the second.
        File.Move(path, _scratch.PathOf("moved"));
        File.WriteAllText(path, "second");

        Assert.True(FileIdentity.TryRead(path, out var second));
        Assert.Equal(first, again);
        Assert.NotEqual(first, second);
        Assert.True(FileIdentity.TryRead(_scratch.PathOf("moved"), out var moved));
        Assert.Equal(first, moved);
    }

    [Fact]
    public void A_symbolic_link_is_read_as_itself_not_as_its_target()
    {
        var target = _scratch.PathOf("s");
        var link = _scratch.PathOf("link");
        using var socket = new Socket(AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new IpcBindEndPoint(new UnixDomainSocketEndPoint(target)));
        File.CreateSymbolicLink(link, target);

        Assert.True(FileIdentity.TryRead(link, out var ofLink));
        Assert.False(ofLink.IsSocket, "a link to a socket must not be taken over as if it were the socket");
    }
}
