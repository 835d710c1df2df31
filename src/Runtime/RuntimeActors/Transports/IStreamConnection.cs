using System.IO.Pipelines;

namespace RuntimeActors.Transports;

/// <summary>A connection as a duplex byte stream, over which the runtime speaks ZMTP.</summary>
public interface IStreamConnection : ITransportConnection
{
    /// <summary>The bytes in both directions, over pooled buffers.</summary>
    IDuplexPipe Transport { get; }
}
