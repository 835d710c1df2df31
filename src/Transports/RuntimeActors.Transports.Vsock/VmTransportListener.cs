using System.Net.Sockets;
using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock;

/// <summary>
/// A listening vsock or vmci socket. Accepting is accept4 on the non-blocking descriptor, and when nothing is
/// pending, a wait on the <see cref="EpollPoller"/>; disposing ends that wait with cancellation and then closes
/// the descriptor, which releases the port.
/// </summary>
internal sealed class VmTransportListener : ITransportListener
{
    private readonly SafeSocketHandle _handle;
    private readonly VmSocketFamily _family;
    private readonly int _addressFamily;
    private readonly EpollPoller _poller;
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    /// <summary>Takes over a bound, listening descriptor whose real address is <paramref name="bound"/>.</summary>
    public VmTransportListener(SafeSocketHandle handle, VmSocketFamily family, int addressFamily, SockaddrVm bound, EpollPoller poller)
    {
        _handle = handle;
        _family = family;
        _addressFamily = addressFamily;
        _poller = poller;
        Bound = bound;
        Endpoint = VmAddress.FormatEndpoint(family.Name, bound);
    }

    /// <inheritdoc />
    public string Endpoint { get; }

    /// <summary>The address the kernel bound, with the real port.</summary>
    public SockaddrVm Bound { get; }

    /// <summary>The listening descriptor, whose options accepted connections inherit.</summary>
    public SafeSocketHandle Handle => _handle;

    private bool Disposed => Volatile.Read(ref _disposed) != 0;

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        if (Disposed)
        {
            throw Stopped(null);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        try
        {
            while (true)
            {
                var errno = VmSockets.Accept(_handle, _addressFamily, out var accepted, out var peer);
                if (errno == 0)
                {
                    return Start(accepted!, peer);
                }

                // ECONNABORTED: a connection was reset while it waited in the backlog; wait for the next one.
                if (errno is not (Errno.EAGAIN or Errno.ECONNABORTED or Errno.EPROTO))
                {
                    throw VmErrors.ForAccept(errno, Endpoint);
                }

                await _poller.WaitAsync(_handle, EpollEvents.In, linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (Disposed && e is ObjectDisposedException or OperationCanceledException)
        {
            // Disposing cancels the wait and closes the descriptor; the contract promises cancellation either way.
            throw Stopped(e);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Cancelling first takes the descriptor out of epoll, so closing it below really closes it.
            _disposing.Cancel();
            _handle.Dispose();
            _disposing.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private SocketConnection Start(SafeSocketHandle accepted, SockaddrVm peer)
    {
        try
        {
            // The accepted socket's own address names the CID the peer reached, even under a wildcard listener.
            var local = VmSockets.GetSockName(accepted, _addressFamily, out var address) == 0 ? address : Bound;
            var connection = VmConnection.Start(accepted, VmAddress.FormatEndpoint(_family.Name, local), VmAddress.FormatEndpoint(_family.Name, peer));
            accepted = null!;
            return connection;
        }
        finally
        {
            accepted?.Dispose();
        }
    }

    private OperationCanceledException Stopped(Exception? inner) =>
        new($"{Endpoint}: the listener was disposed", inner);
}
