using System.Net.Sockets;

namespace RuntimeActors.Transports.Vsock;

/// <summary>
/// Starts a vsock or vmci connection as the runtime's <see cref="SocketConnection"/>. The descriptor, made by the
/// native layer, is wrapped in a <see cref="Socket"/> whose SendAsync and ReceiveAsync work for any family; only its
/// endpoint properties do not know AF_VSOCK, so the endpoints come from getsockname and getpeername.
/// </summary>
internal static class VmConnection
{
    /// <summary>Takes over a connected descriptor and starts moving bytes.</summary>
    public static SocketConnection Start(SafeSocketHandle handle, string localEndpoint, string remoteEndpoint) =>
        // vsock's recvmsg returns 0 at once for an empty buffer, so a zero-byte receive cannot wait for data.
        SocketConnection.Start(new Socket(handle), localEndpoint, remoteEndpoint, VmErrors.ForConnection, zeroByteReceiveWaits: false);
}
