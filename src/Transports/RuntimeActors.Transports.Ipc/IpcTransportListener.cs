using System.Net.Sockets;

namespace RuntimeActors.Transports.Ipc;

/// <summary>
/// A listening Unix domain socket; disposing it stops listening, removes its socket file if the file is still
/// its own (and the temporary directory of an <c>ipc://*</c> bind), and ends a pending accept with cancellation.
/// </summary>
internal sealed class IpcTransportListener : ITransportListener
{
    private readonly Socket _socket;
    private readonly SocketFile? _file;
    private int _disposed;

    /// <summary>Takes over a bound, listening socket and the file it created (null in the abstract namespace).</summary>
    public IpcTransportListener(Socket socket, string endpoint, SocketFile? file)
    {
        _socket = socket;
        _file = file;
        Endpoint = endpoint;
    }

    /// <inheritdoc />
    public string Endpoint { get; }

    /// <summary>The socket file of a filesystem bind; null in the abstract namespace.</summary>
    public SocketFile? File => _file;

    private bool Disposed => Volatile.Read(ref _disposed) != 0;

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        if (Disposed)
        {
            throw Stopped(null);
        }

        Socket accepted;
        try
        {
            accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Disposed && e is SocketException or ObjectDisposedException)
        {
            // Disposing closes the socket under the pending accept; the contract promises cancellation instead.
            throw Stopped(e);
        }

        if (Disposed)
        {
            accepted.Dispose();
            throw Stopped(null);
        }

        return IpcConnection.Start(accepted);
    }

    /// <summary>Stops listening and removes the socket file before it returns, so the path is free at once.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _socket.Dispose();
            _file?.Remove();
        }

        return ValueTask.CompletedTask;
    }

    private OperationCanceledException Stopped(Exception? inner) =>
        new($"{Endpoint}: the listener was disposed", inner);
}
