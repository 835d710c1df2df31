namespace RuntimeActors.Transports;

/// <summary>An endpoint string split into its transport and its transport-specific address: <c>transport://address</c>.</summary>
/// <param name="Transport">The transport name, e.g. <c>tcp</c>.</param>
/// <param name="Address">Everything after <c>://</c>.</param>
public readonly record struct Endpoint(string Transport, string Address)
{
    /// <summary>Splits <paramref name="endpoint"/>.</summary>
    /// <exception cref="ZmqException">EINVAL: there is no <c>://</c>, or the transport or address is empty.</exception>
    public static Endpoint Parse(string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var separator = endpoint.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            throw new ZmqException(ZmqError.InvalidArgument, endpoint, "an endpoint must have the form transport://address");
        }

        var transport = endpoint[..separator];
        var address = endpoint[(separator + 3)..];
        if (transport.Length == 0)
        {
            throw new ZmqException(ZmqError.InvalidArgument, endpoint, "the transport name is empty");
        }

        if (address.Length == 0)
        {
            throw new ZmqException(ZmqError.InvalidArgument, endpoint, "the address is empty");
        }

        return new Endpoint(transport, address);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Transport}://{Address}";
}
