using RuntimeActors.Transports;
using RuntimeActors.Transports.Tcp;

namespace RuntimeActors.EndToEnd.Tests.Lifecycle;

/// <summary>
/// The real tcp transport, with gates the test opens: a bind, connect or accept completes on the real socket, then
/// waits at its gate whatever its token says, so that a test can close the socket in between and open the gate after,
/// as when a peer's connection or the kernel's answer comes in the instant the socket closes.
/// </summary>
internal sealed class GatedTcpTransport : ITransport
{
    private readonly TcpTransport _tcp = new();

    public Gate Listen { get; } = new();

    public Gate Connect { get; } = new();

    public Gate Accept { get; } = new();

    /// <summary>Completes once a listener this transport made has been disposed.</summary>
    public TaskCompletionSource ListenerDisposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => _tcp.Name;

    public TransportAddress Resolve(string address, EndpointUse use) => _tcp.Resolve(address, use);

    public async ValueTask<ITransportListener> ListenAsync(TransportAddress address, CancellationToken cancellationToken)
    {
        var listener = new Listener(await _tcp.ListenAsync(address, cancellationToken), this);
        await Listen.PassAsync(listener.Endpoint);
        return listener;
    }

    public async ValueTask<ITransportConnection> ConnectAsync(TransportAddress address, CancellationToken cancellationToken)
    {
        var connection = await _tcp.ConnectAsync(address, cancellationToken);
        await Connect.PassAsync(connection.LocalEndpoint);
        return connection;
    }

    public bool IsTransient(Exception connectFailure) => _tcp.IsTransient(connectFailure);

    /// <summary>Where an operation waits: <see cref="Reached"/> tells the test it is there, <see cref="Open"/> lets it on.</summary>
    internal sealed class Gate
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The endpoint of the first operation that reached the gate.</summary>
        public TaskCompletionSource<string> Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Lets the operations waiting at the gate, and every later one, pass; a gate starts closed.</summary>
        public void Open() => _open.TrySetResult();

        public Task PassAsync(string endpoint)
        {
            Reached.TrySetResult(endpoint);
            return _open.Task;
        }
    }

    private sealed class Listener(ITransportListener tcp, GatedTcpTransport transport) : ITransportListener
    {
        public string Endpoint => tcp.Endpoint;

        public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken)
        {
            var connection = await tcp.AcceptAsync(cancellationToken);
            await transport.Accept.PassAsync(connection.RemoteEndpoint);
            return connection;
        }

        public async ValueTask DisposeAsync()
        {
            await tcp.DisposeAsync();
            transport.ListenerDisposed.TrySetResult();
        }
    }
}
