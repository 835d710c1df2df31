namespace RuntimeActors;

/// <summary>
/// Answers ZAP requests for a runtime's server sockets (see <see cref="SocketRuntime.UseZapHandler(ZapHandler)"/>).
/// It must answer within the socket's handshake interval, or the handshake fails; <paramref name="cancellationToken"/>
/// is cancelled then.
/// </summary>
public delegate ValueTask<ZapReply> ZapHandler(ZapRequest request, CancellationToken cancellationToken);
