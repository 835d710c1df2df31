using Akka.Actor;
using RuntimeActors.Sockets;

namespace RuntimeActors;

/// <summary>
/// A ZeroMQ socket for code that is not an actor. Bind and connect go through the socket's actor; sends and
/// receives go straight to its data path on the caller's thread, without a message per hop. Every method
/// has an async form with a <see cref="CancellationToken"/>; <see cref="TrySend"/> and
/// <see cref="TryReceive(out ZMessage, TimeSpan)"/> block up to a timeout. Errors are <see cref="ZmqException"/>s with the codes of
/// the ZeroMQ manuals.
/// </summary>
public sealed partial class ZSocket : IAsyncDisposable
{
    private static readonly TimeSpan ControlTimeout = TimeSpan.FromSeconds(30);
    private readonly SocketRuntime _runtime;
    private readonly SocketContext _context;
    private volatile bool _closed;

    internal ZSocket(SocketRuntime runtime, SocketContext context, IActorRef actor)
    {
        _runtime = runtime;
        _context = context;
        Actor = actor;
    }

    /// <summary>The socket type.</summary>
    public SocketType Type => _context.Type;

    /// <summary>The socket's actor: tell it <see cref="Zmq.Monitor"/> to follow its events.</summary>
    public IActorRef Actor { get; }

    /// <summary>A copy of the options the socket was created with.</summary>
    public SocketOptions Options => _context.Options.Clone();

    /// <summary>ZMQ_LAST_ENDPOINT: the real endpoint of the last bind or connect, or null.</summary>
    public string? LastEndpoint { get; private set; }

    /// <summary>Binds to <paramref name="endpoint"/> and returns the real endpoint (with the port a wildcard bind got).</summary>
    /// <exception cref="ZmqException">
    /// EINVAL, EPROTONOSUPPORT, EADDRINUSE... naming the endpoint; ENOTSOCK when the socket is closed, also while the
    /// bind is under way (the address it was binding is released).
    /// </exception>
    public async ValueTask<string> BindAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        var bound = await ControlAsync<Zmq.Bound>(new Zmq.Bind(endpoint), cancellationToken).ConfigureAwait(false);
        LastEndpoint = bound.Endpoint;
        return bound.Endpoint;
    }

    /// <summary>
    /// Connects to <paramref name="endpoint"/>. Returns once the endpoint is valid; the connection is made in the
    /// background and re-made with backoff whenever it is lost.
    /// </summary>
    /// <exception cref="ZmqException">EINVAL, EPROTONOSUPPORT... naming the endpoint.</exception>
    public async ValueTask ConnectAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        var connecting = await ControlAsync<Zmq.Connecting>(new Zmq.Connect(endpoint), cancellationToken).ConfigureAwait(false);
        LastEndpoint = connecting.Endpoint;
    }

    /// <summary>Stops listening on <paramref name="endpoint"/> (the real endpoint Bind returned) and closes its connections.</summary>
    /// <exception cref="ZmqException">ENOENT: the socket is not bound there.</exception>
    public async ValueTask UnbindAsync(string endpoint, CancellationToken cancellationToken = default) =>
        await ControlAsync<Zmq.Unbound>(new Zmq.Unbind(endpoint), cancellationToken).ConfigureAwait(false);

    /// <summary>Stops connecting to <paramref name="endpoint"/> and closes the connection.</summary>
    /// <exception cref="ZmqException">ENOENT: the socket is not connected there.</exception>
    public async ValueTask DisconnectAsync(string endpoint, CancellationToken cancellationToken = default) =>
        await ControlAsync<Zmq.Disconnected>(new Zmq.Disconnect(endpoint), cancellationToken).ConfigureAwait(false);

    /// <summary>The socket's endpoints, peers and queues now, as its actor answers <see cref="Zmq.GetStatus"/>.</summary>
    public async ValueTask<Zmq.SocketStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        await ControlAsync<Zmq.SocketStatus>(Zmq.GetStatus.Instance, cancellationToken).ConfigureAwait(false);

    /// <summary>Subscribes a SUB socket to messages whose first frame starts with <paramref name="topic"/>; empty means all.</summary>
    public void Subscribe(ReadOnlyMemory<byte> topic)
    {
        ThrowIfClosed();
        _context.Core.SetSubscription(true, topic);
    }

    /// <summary>Subscribes a SUB socket to the UTF-8 prefix <paramref name="topic"/>.</summary>
    public void Subscribe(string topic) => Subscribe(System.Text.Encoding.UTF8.GetBytes(topic));

    /// <summary>Cancels one subscription of <paramref name="topic"/>.</summary>
    public void Unsubscribe(ReadOnlyMemory<byte> topic)
    {
        ThrowIfClosed();
        _context.Core.SetSubscription(false, topic);
    }

    /// <summary>Cancels one subscription of the UTF-8 prefix <paramref name="topic"/>.</summary>
    public void Unsubscribe(string topic) => Unsubscribe(System.Text.Encoding.UTF8.GetBytes(topic));

    /// <summary>
    /// Closes the socket: pending and later calls fail with ENOTSOCK, queued messages get up to ZMQ_LINGER to
    /// reach connected peers, then every connection and listener is closed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _runtime.Forget(this);
        if (!_runtime.System.WhenTerminated.IsCompleted)
        {
            var limit = _context.Options.Linger == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : _context.Options.Linger + ControlTimeout;
            var closing = Actor.Ask<Zmq.Closed>(Zmq.Close.Instance, limit == Timeout.InfiniteTimeSpan ? TimeSpan.FromDays(1) : limit);
            await closing.ConfigureAwait(false);
        }

        _context.Core.Close();
    }

    /// <inheritdoc />
    public override string ToString() => $"ZSocket({Type}, {Actor.Path})";

    private async ValueTask<T> ControlAsync<T>(object command, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        return await Actor.Ask<T>(command, ControlTimeout, cancellationToken).ConfigureAwait(false);
    }

    private void ThrowIfClosed()
    {
        // zmq_ctx_term(3): once the context is terminated every call fails with ETERM, closed or not.
        if (_runtime.IsTerminated)
        {
            throw new ZmqException(ZmqError.Terminated, null, "the runtime is terminated");
        }

        if (_closed)
        {
            throw new ZmqException(ZmqError.NotSocket, null, "the socket is closed");
        }
    }
}
