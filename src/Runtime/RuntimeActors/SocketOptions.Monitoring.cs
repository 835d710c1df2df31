namespace RuntimeActors;

/// <summary>What the socket tells the runtime's metrics (the <c>RuntimeActors</c> meter) about itself.</summary>
public sealed partial class SocketOptions
{
    /// <summary>
    /// Whether the socket's measurements carry an <c>endpoint</c> tag beside <c>socket.type</c> and <c>transport</c>;
    /// false by default. Every distinct tag value is a time series to a metrics backend: a ROUTER bound on one endpoint
    /// costs one series, but a socket that connects to endpoints chosen at run time (or a runtime that makes sockets per
    /// peer) would make their number unbounded. Set it on the few sockets whose endpoints an operator wants told apart.
    /// </summary>
    public bool MetricsIncludeEndpoint { get; set; }
}
