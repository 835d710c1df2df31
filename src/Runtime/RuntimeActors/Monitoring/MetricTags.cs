using RuntimeActors.Wire;

namespace RuntimeActors.Monitoring;

/// <summary>
/// The tags of one connection's measurements: socket type and transport, and the endpoint when the socket opted in
/// (<see cref="SocketOptions.MetricsIncludeEndpoint"/>). Built once per pipe or session, so that recording passes a span
/// of ready tags and allocates nothing; equal tag sets compare equal, so that what ended connections counted can be kept
/// per tag set.
/// </summary>
internal sealed class MetricTags : IEquatable<MetricTags>
{
    private readonly KeyValuePair<string, object?>[] _tags;

    private MetricTags(string socketType, string transport, string? endpoint)
    {
        SocketType = socketType;
        Transport = transport;
        Endpoint = endpoint;
        _tags = endpoint is null
            ? [new("socket.type", socketType), new("transport", transport)]
            : [new("socket.type", socketType), new("transport", transport), new("endpoint", endpoint)];
    }

    public string SocketType { get; }

    public string Transport { get; }

    public string? Endpoint { get; }

    /// <summary>The tags as the instruments take them.</summary>
    public ReadOnlySpan<KeyValuePair<string, object?>> Span => _tags;

    /// <summary>The tags of a connection of a <paramref name="type"/> socket to or from <paramref name="endpoint"/>.</summary>
    public static MetricTags For(SocketType type, string endpoint, bool includeEndpoint) =>
        new(ZmtpSocketTypeNames.ToWireName(type), TransportOf(endpoint), includeEndpoint ? endpoint : null);

    /// <summary>The tags of a pipe no socket made (unit tests build bare pipes).</summary>
    public static MetricTags Unattributed(string endpoint) => new("unknown", TransportOf(endpoint), null);

    /// <summary>The transport's name, interned for the known ones so that tag values are shared, "unknown" when the text names none.</summary>
    internal static string TransportOf(string endpoint)
    {
        var separator = endpoint.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return "unknown";
        }

        var name = endpoint.AsSpan(0, separator);
        foreach (var known in KnownTransports)
        {
            if (name.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return name.ToString().ToLowerInvariant();
    }

    private static readonly string[] KnownTransports = ["tcp", "ipc", "inproc", "vsock", "vmci", "pgm", "epgm"];

    public bool Equals(MetricTags? other) =>
        other is not null && SocketType == other.SocketType && Transport == other.Transport && Endpoint == other.Endpoint;

    public override bool Equals(object? obj) => Equals(obj as MetricTags);

    public override int GetHashCode() => HashCode.Combine(SocketType, Transport, Endpoint);

    public override string ToString() => Endpoint is null ? $"{SocketType} {Transport}" : $"{SocketType} {Transport} {Endpoint}";
}
