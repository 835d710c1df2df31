namespace RuntimeActors.Security;

/// <summary>How a handshake asks ZAP: a handler given to the runtime, or a socket bound to inproc://zeromq.zap.01.</summary>
internal interface IZapClient
{
    /// <summary>Asks the runtime's ZAP handler about a peer.</summary>
    /// <returns>The reply, or null when no handler is installed (the mechanism decides what that means).</returns>
    /// <exception cref="OperationCanceledException">The handshake ended or timed out first.</exception>
    ValueTask<ZapReply?> AuthenticateAsync(ZapRequest request, CancellationToken cancellationToken);
}
