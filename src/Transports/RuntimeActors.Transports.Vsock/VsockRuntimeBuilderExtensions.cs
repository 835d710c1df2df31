using RuntimeActors.Transports.Vsock;

namespace RuntimeActors;

/// <summary>Registers the vsock and vmci transports with a runtime.</summary>
public static class VsockRuntimeBuilderExtensions
{
    /// <summary>Makes <c>vsock://cid:port</c> endpoints (zmq_vsock(7)) available to the runtime's sockets.</summary>
    /// <param name="builder">The runtime's builder.</param>
    /// <param name="options">Buffer sizes and connect timeout for every vsock socket; null for the kernel's defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are inconsistent.</exception>
    public static SocketRuntimeBuilder AddVsock(this SocketRuntimeBuilder builder, VmSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddTransport(new VmSocketTransport(VmSocketFamily.Vsock, (options ?? new VmSocketOptions()).Validated()));
    }

    /// <summary>Makes <c>vmci://cid:port</c> endpoints (zmq_vmci(7)) available to the runtime's sockets.</summary>
    /// <param name="builder">The runtime's builder.</param>
    /// <param name="options">Buffer sizes and connect timeout for every vmci socket; null for the kernel's defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are inconsistent.</exception>
    public static SocketRuntimeBuilder AddVmci(this SocketRuntimeBuilder builder, VmSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddTransport(new VmSocketTransport(VmSocketFamily.Vmci, (options ?? new VmSocketOptions()).Validated()));
    }
}
