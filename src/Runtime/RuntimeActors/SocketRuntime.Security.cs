using Akka.Actor;
using RuntimeActors.Security;

namespace RuntimeActors;

/// <summary>The runtime's ZAP handler (RFC 27): one per runtime, as libzmq has one per context.</summary>
public sealed partial class SocketRuntime
{
    private readonly ZapDispatcher _zap;

    /// <summary>
    /// Makes <paramref name="handler"/> the ZAP handler of this runtime's server sockets: PLAIN servers ask it about
    /// every client's user name and password, CURVE servers about every client's public key, NULL sockets with a
    /// <see cref="SocketOptions.ZapDomain"/> about every peer. Without a handler installed here, a socket bound to
    /// <c>inproc://zeromq.zap.01</c> in this runtime is asked instead, as libzmq asks it.
    /// </summary>
    /// <returns>Disposing it uninstalls the handler.</returns>
    /// <exception cref="InvalidOperationException">A handler is already installed.</exception>
    public IDisposable UseZapHandler(ZapHandler handler) => _zap.Install(handler);

    /// <summary>
    /// Makes an actor the ZAP handler: it is told each <see cref="ZapRequest"/> and answers the sender with a
    /// <see cref="ZapReply"/> within the socket's handshake interval.
    /// </summary>
    /// <returns>Disposing it uninstalls the handler.</returns>
    /// <exception cref="InvalidOperationException">A handler is already installed.</exception>
    public IDisposable UseZapHandler(IActorRef handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return _zap.Install((request, cancellationToken) => new ValueTask<ZapReply>(handler.Ask<ZapReply>(request, cancellationToken)));
    }

    /// <summary>Whether a socket of this runtime is bound to <paramref name="endpoint"/>, for transports that can tell without connecting.</summary>
    internal bool IsBoundLocally(string endpoint)
    {
        try
        {
            var (transport, address) = _transports.Resolve(endpoint, RuntimeActors.Transports.EndpointUse.Connect);
            return transport is RuntimeActors.Transports.IBoundNames names && names.IsBound(address);
        }
        catch (ZmqException)
        {
            // The transport is not registered here: nothing can be bound to it.
            return false;
        }
    }
}
