using System.Collections.Concurrent;

namespace RuntimeActors.Transports.Inproc;

/// <summary>
/// The <c>inproc</c> transport of zmq_inproc(7): sockets of one runtime that hand each other the messages
/// themselves, with no encoding and no copy. A name is bound once (a second bind fails with
/// EADDRINUSE), and bind must come before connect: a connect to a name nobody bound fails at once with
/// ECONNREFUSED, and the failure is permanent for the connecter's supervisor (libzmq 4.x relaxed this rule;
/// zmq_connect(3) states it).
/// </summary>
public sealed class InprocTransport : ITransport, IBoundNames
{
    /// <summary>The name endpoints use: <c>inproc</c>.</summary>
    public const string TransportName = "inproc";

    private readonly ConcurrentDictionary<string, InprocListener> _bound = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => TransportName;

    /// <inheritdoc />
    /// <remarks>The connect attempt is a lookup of the name, so the socket waits for it and reports its failure.</remarks>
    public bool ConnectsImmediately => true;

    /// <inheritdoc />
    public TransportAddress Resolve(string address, EndpointUse use)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Length == 0)
        {
            throw new ZmqException(ZmqError.InvalidArgument, $"{TransportName}://", "an inproc name must not be empty");
        }

        return new InprocAddress(address);
    }

    /// <inheritdoc />
    public ValueTask<ITransportListener> ListenAsync(TransportAddress address, CancellationToken cancellationToken)
    {
        var name = Expect(address).Address;
        var listener = new InprocListener(this, name);
        if (!_bound.TryAdd(name, listener))
        {
            throw new ZmqException(ZmqError.AddressInUse, listener.Endpoint, "another socket of this runtime is bound to this inproc name");
        }

        return ValueTask.FromResult<ITransportListener>(listener);
    }

    /// <inheritdoc />
    public ValueTask<ITransportConnection> ConnectAsync(TransportAddress address, CancellationToken cancellationToken)
    {
        var inproc = Expect(address);
        var endpoint = inproc.ToString();
        if (_bound.TryGetValue(inproc.Address, out var listener))
        {
            var (connecting, bound) = InprocConnection.CreatePair(endpoint);
            if (listener.Offer(bound))
            {
                return ValueTask.FromResult<ITransportConnection>(connecting);
            }
        }

        throw new ZmqException(ZmqError.ConnectionRefused, endpoint, "no socket of this runtime is bound to this inproc name (inproc needs the bind before the connect)");
    }

    /// <inheritdoc />
    public bool IsBound(TransportAddress address) => _bound.ContainsKey(Expect(address).Address);

    /// <inheritdoc />
    /// <remarks>Nothing is transient for inproc: a name that is not bound now will not be found by retrying (bind before connect).</remarks>
    public bool IsTransient(Exception connectFailure) => false;

    /// <summary>Frees the name of a listener that closed, unless another listener holds it by now.</summary>
    internal void Release(InprocListener listener) =>
        _bound.TryRemove(new KeyValuePair<string, InprocListener>(listener.Name, listener));

    private static InprocAddress Expect(TransportAddress address) =>
        address as InprocAddress ?? throw new ArgumentException($"{address} is not an inproc address.", nameof(address));
}
