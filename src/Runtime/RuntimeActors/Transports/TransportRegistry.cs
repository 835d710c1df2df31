using System.Collections.Frozen;

namespace RuntimeActors.Transports;

/// <summary>The transports a runtime knows, by name.</summary>
internal sealed class TransportRegistry
{
    private readonly FrozenDictionary<string, ITransport> _transports;

    public TransportRegistry(IEnumerable<ITransport> transports)
    {
        var byName = new Dictionary<string, ITransport>(StringComparer.Ordinal);
        foreach (var transport in transports)
        {
            if (!byName.TryAdd(transport.Name, transport))
            {
                throw new ArgumentException($"Two transports are named '{transport.Name}'.", nameof(transports));
            }
        }

        _transports = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<string> Names => _transports.Keys;

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
