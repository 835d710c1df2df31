namespace RuntimeActors.Transports;

/// <summary>
/// A transport plug-in (tcp, ipc, vsock...): it resolves its addresses, listens and connects, and hands the
/// runtime a duplex byte stream per connection (or, for inproc, a message channel). Socket types never see transports; the runtime finds a
/// transport by the name before <c>://</c> in an endpoint.
/// </summary>
public interface ITransport
{
    /// <summary>The name endpoints use, e.g. <c>tcp</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Validates and resolves <paramref name="address"/> (the part after <c>://</c>) without any I/O that could
    /// block for long; host names may be resolved when connecting instead.
    /// </summary>
    /// <exception cref="ZmqException">EINVAL (malformed) or another code, with a message naming the endpoint.</exception>
    TransportAddress Resolve(string address, EndpointUse use);

    /// <summary>Starts listening at <paramref name="address"/>.</summary>
    /// <exception cref="ZmqException">EADDRINUSE, EADDRNOTAVAIL, EACCES... naming the endpoint.</exception>
    ValueTask<ITransportListener> ListenAsync(TransportAddress address, CancellationToken cancellationToken);

    /// <summary>Connects to <paramref name="address"/>.</summary>
    /// <exception cref="ZmqException">ECONNREFUSED and the like, naming the endpoint.</exception>
    ValueTask<ITransportConnection> ConnectAsync(TransportAddress address, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a failure to connect is worth retrying with backoff (refused, reset, unreachable); a false answer
    /// makes the connecter give up and report the failure.
    /// </summary>
    bool IsTransient(Exception connectFailure);

    /// <summary>
    /// Whether a connect attempt completes at once (inproc): the socket then waits for the first attempt and fails
    /// the connect call with its error, instead of answering at once and connecting in the background.
    /// </summary>
    bool ConnectsImmediately => false;
}
