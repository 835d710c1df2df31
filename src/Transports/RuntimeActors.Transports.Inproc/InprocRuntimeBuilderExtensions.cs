using RuntimeActors.Transports.Inproc;

namespace RuntimeActors;

/// <summary>Registers the inproc transport with a runtime.</summary>
public static class InprocRuntimeBuilderExtensions
{
    /// <summary>Makes <c>inproc://</c> endpoints available between the sockets of this runtime (each runtime has its own names).</summary>
    public static SocketRuntimeBuilder AddInproc(this SocketRuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddTransport(new InprocTransport());
    }
}
