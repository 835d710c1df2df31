using System.Collections.Frozen;

namespace RuntimeActors.Transports;

/// <summary>The transports a runtime knows, by name. Read on every bind and connect, added to rarely (copy on write).</summary>
internal sealed class TransportRegistry
{
    private readonly Lock _gate = new();
    private volatile FrozenDictionary<string, ITransport> _transports = FrozenDictionary<string, ITransport>.Empty;

    public IEnumerable<string> Names => _transports.Keys;

    /// <summary>
    /// Adds the transports whose names are new. A name known already keeps its transport: inproc names, for one,
    /// must stay in one registry for the whole runtime, whoever sets the runtime up again.
    /// </summary>
    /// <exception cref="ArgumentException">Two of <paramref name="transports"/> have one name.</exception>
    public void Add(IReadOnlyCollection<ITransport> transports)
    {
        if (transports.DistinctBy(t => t.Name, StringComparer.Ordinal).Count() != transports.Count)
        {
            throw new ArgumentException($"Two transports have one name: {string.Join(", ", transports.Select(t => t.Name))}.", nameof(transports));
        }

        lock (_gate)
        {
            var byName = new Dictionary<string, ITransport>(_transports, StringComparer.Ordinal);
            foreach (var transport in transports)
            {
                byName.TryAdd(transport.Name, transport);
            }

            _transports = byName.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }

    /// <summary>Parses <paramref name="endpoint"/> and resolves it with its transport.</summary>
    /// <exception cref="ZmqException">EINVAL for a malformed endpoint, EPROTONOSUPPORT for an unknown transport.</exception>
    public (ITransport Transport, TransportAddress Address) Resolve(string endpoint, EndpointUse use)
    {
        var parsed = Endpoint.Parse(endpoint);
        if (!_transports.TryGetValue(parsed.Transport, out var transport))
        {
            var known = string.Join(", ", _transports.Keys.Order(StringComparer.Ordinal));
            throw new ZmqException(ZmqError.ProtocolNotSupported, endpoint, $"the transport '{parsed.Transport}' is not available (known: {known})");
        }

        return (transport, transport.Resolve(parsed.Address, use));
    }
}
