using System.Net.Sockets;

namespace RuntimeActors.Transports.Ipc;

/// <summary>Starts an ipc connection (a connected Unix domain stream socket) as the runtime's <see cref="SocketConnection"/>.</summary>
internal static class IpcConnection
{
    /// <summary>Takes over a connected socket and starts moving bytes.</summary>
    public static SocketConnection Start(Socket socket) =>
        SocketConnection.Start(socket, IpcTransport.FormatEndpoint(socket.LocalEndPoint), IpcTransport.FormatEndpoint(socket.RemoteEndPoint), IpcErrors.ForConnection);
}
