using System.IO.Pipelines;

namespace RuntimeActors.Transports;

/// <summary>One established connection as a duplex byte stream; disposing it closes the connection.</summary>
public interface ITransportConnection : IAsyncDisposable
{
    /// <summary>The bytes in both directions, over pooled buffers.</summary>
    IDuplexPipe Transport { get; }

    /// <summary>The local end, as an endpoint string.</summary>
    string LocalEndpoint { get; }

    /// <summary>The remote end, as an endpoint string.</summary>
    string RemoteEndpoint { get; }
}
