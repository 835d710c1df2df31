using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.TestKit;

/// <summary>A listening tcp or ipc socket whose accepted connections are <see cref="ZmtpTestPeer"/>s; see <see cref="ZmtpTestPeer.BindAsync"/>.</summary>
public sealed class ZmtpTestListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly string? _path;

    private ZmtpTestListener(Socket socket, string endpoint, string? path)
    {
        _socket = socket;
        Endpoint = endpoint;
        _path = path;
    }

    /// <summary>The bound endpoint with the real port, for the socket under test to connect to.</summary>
    public string Endpoint { get; }

    /// <summary>Waits for the next connection.</summary>
    /// <exception cref="TimeoutException">None came within <see cref="ZmtpTestPeer.DefaultTimeout"/>.</exception>
    public async Task<ZmtpTestPeer> AcceptAsync(CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ZmtpTestPeer.DefaultTimeout);
        try
        {
            var socket = await _socket.AcceptAsync(deadline.Token).ConfigureAwait(false);
            if (socket.AddressFamily != AddressFamily.Unix)
            {
                socket.NoDelay = true;
            }

            return ZmtpTestPeer.Over(socket, Endpoint);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"ZmtpTestListener {Endpoint}: nothing connected within {ZmtpTestPeer.DefaultTimeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Stops listening (connections already accepted stay open) and deletes the ipc socket file.</summary>
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (_path is not null)
        {
            File.Delete(_path);
        }

        return ValueTask.CompletedTask;
    }

    internal static async Task<ZmtpTestListener> BindAsync(string endpoint, CancellationToken cancellationToken)
    {
        var address = await ZmtpTestEndpoint.ResolveAsync(endpoint, forBind: true, cancellationToken).ConfigureAwait(false);
        var socket = ZmtpTestEndpoint.NewSocket(address);
        try
        {
            socket.Bind(address);
            socket.Listen();
            var path = address is UnixDomainSocketEndPoint unix && unix.ToString() is { Length: > 0 } name && name[0] != '@' ? name : null;
            return new ZmtpTestListener(socket, ZmtpTestEndpoint.Format(socket.LocalEndPoint ?? address), path);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
