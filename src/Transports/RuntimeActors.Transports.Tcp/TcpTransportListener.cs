using System.Net.Sockets;

namespace RuntimeActors.Transports.Tcp;

/// <summary>A listening tcp socket; disposing it releases the port and ends a pending accept with cancellation.</summary>
internal sealed class TcpTransportListener : ITransportListener
{
    private readonly Socket _socket;
    private int _disposed;

    /// <summary>Takes over a bound, listening socket.</summary>
    public TcpTransportListener(Socket socket)
    {
        _socket = socket;
        Endpoint = TcpAddress.FormatEndpoint(socket.LocalEndPoint);
    }

    /// <inheritdoc />
    public string Endpoint { get; }

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

        return TcpConnection.Start(accepted);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _socket.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private OperationCanceledException Stopped(Exception? inner) =>
        new($"{Endpoint}: the listener was disposed", inner);
}
