namespace RuntimeActors.Transports;

/// <summary>
/// One established connection; disposing it closes the connection. A connection is either an
/// <see cref="IStreamConnection"/> (a byte stream that the runtime runs ZMTP over: tcp, ipc, vsock...) or an
/// <see cref="IMessageConnection"/> (whole messages, no wire encoding: inproc).
/// </summary>
public interface ITransportConnection : IAsyncDisposable
{
    /// <summary>The local end, as an endpoint string.</summary>
    string LocalEndpoint { get; }

    /// <summary>The remote end, as an endpoint string.</summary>
    string RemoteEndpoint { get; }
}
