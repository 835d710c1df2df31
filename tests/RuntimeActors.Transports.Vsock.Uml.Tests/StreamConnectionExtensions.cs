using System.IO.Pipelines;
using RuntimeActors.Transports;

namespace RuntimeActors.Transports.Vsock.Uml.Tests;

/// <summary>vsock and vmci connections are byte streams; the tests read and write their pipes.</summary>
internal static class StreamConnectionExtensions
{
    public static IDuplexPipe Stream(this ITransportConnection connection) =>
        Assert.IsAssignableFrom<IStreamConnection>(connection).Transport;
}
