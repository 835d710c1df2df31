using Akka.Actor;

namespace RuntimeActors.Cli;

/// <summary>
/// Prints the socket's failed handshakes on standard error, one line each, from its monitor events: a peer that
/// authentication refused never exchanges a message, so without them a refused client or server would only see
/// a timeout, as in libzmq.
/// </summary>
internal static class HandshakeReports
{
    /// <summary>
    /// The line for <paramref name="socketEvent"/>: <c>handshake failed (auth 400) ENDPOINT</c> with the ZAP status
    /// code, or <c>handshake failed (protocol ZmtpCryptographic) ENDPOINT</c> with the ZMQ_PROTOCOL_ERROR_* name; null
    /// for other events. A handshake that failed for no such reason (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL) is left out:
    /// a peer that exits or drops the connection mid-handshake causes it, which says nothing about the security.
    /// </summary>
    public static string? Describe(SocketEvent socketEvent) => socketEvent switch
    {
        { Kind: SocketEventKind.HandshakeFailedAuth } => $"handshake failed (auth {socketEvent.AuthStatusCode}) {socketEvent.Endpoint}",
        { Kind: SocketEventKind.HandshakeFailedProtocol } => $"handshake failed (protocol {socketEvent.ProtocolError}) {socketEvent.Endpoint}",
        _ => null,
    };

    /// <summary>
    /// Prints the failed handshakes of <paramref name="socket"/> on <paramref name="diagnostics"/> from now on;
    /// call it before the socket binds or connects. <paramref name="diagnostics"/> must take writes from any thread.
    /// </summary>
    public static void Follow(SocketRuntime runtime, ZSocket socket, TextWriter diagnostics)
    {
        var reporter = runtime.System.ActorOf(Props.Create(() => new Reporter(diagnostics)), "handshake-reports");

        // Told before the bind and connect messages, so the socket's actor adds the monitor before any session starts.
        socket.Actor.Tell(new Zmq.Monitor(reporter), ActorRefs.NoSender);
    }

    /// <summary>Writes each line as its event comes, leaving out a repeat of the line just written.</summary>
    private sealed class Reporter : ReceiveActor
    {
        private string? _last;

        public Reporter(TextWriter diagnostics) => Receive<SocketEvent>(socketEvent =>
        {
            // A client that is refused reconnects every ZMQ_RECONNECT_IVL (100 ms) and is refused again: the same
            // line each time, which says nothing new.
            if (Describe(socketEvent) is { } line && line != _last)
            {
                _last = line;
                diagnostics.WriteLine(line);
            }
        });
    }
}
