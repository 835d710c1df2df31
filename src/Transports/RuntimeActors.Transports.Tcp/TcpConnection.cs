using System.Net.Sockets;

namespace RuntimeActors.Transports.Tcp;

/// <summary>Starts a tcp connection: the runtime's <see cref="SocketConnection"/> with tcp's options, names and errors.</summary>
internal static class TcpConnection
{
    /// <summary>Takes over a connected socket and starts moving bytes.</summary>
    public static SocketConnection Start(Socket socket)
    {
        // libzmq sets TCP_NODELAY on every tcp connection: ZMTP batches on its own.
        socket.NoDelay = true;
        return SocketConnection.Start(socket, TcpAddress.FormatEndpoint(socket.LocalEndPoint), TcpAddress.FormatEndpoint(socket.RemoteEndPoint), TcpErrors.ForConnection);
    }
}
