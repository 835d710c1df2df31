using RuntimeActors.Transports.Tcp;

namespace RuntimeActors;

/// <summary>Registers the tcp transport with a runtime.</summary>
public static class TcpRuntimeBuilderExtensions
{
    /// <summary>Makes <c>tcp://</c> endpoints available to the runtime's sockets.</summary>
    public static SocketRuntimeBuilder AddTcp(this SocketRuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddTransport(new TcpTransport());
    }
}
