using RuntimeActors.Transports.Ipc;

namespace RuntimeActors;

/// <summary>Registers the ipc transport with a runtime.</summary>
public static class IpcRuntimeBuilderExtensions
{
    /// <summary>Makes <c>ipc://</c> endpoints (Unix domain sockets, zmq_ipc(7)) available to the runtime's sockets.</summary>
    public static SocketRuntimeBuilder AddIpc(this SocketRuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddTransport(new IpcTransport());
    }
}
