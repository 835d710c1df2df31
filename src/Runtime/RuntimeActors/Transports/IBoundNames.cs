namespace RuntimeActors.Transports;

/// <summary>
/// A transport whose bound addresses live in the runtime itself (inproc) and can be looked up without connecting:
/// the runtime asks it whether a ZAP handler is bound to <c>inproc://zeromq.zap.01</c> before every handshake that
/// needs one, as libzmq's zap_connect looks the endpoint up.
/// </summary>
public interface IBoundNames
{
    /// <summary>Whether a socket of this runtime is bound to <paramref name="address"/> now.</summary>
    bool IsBound(TransportAddress address);
}
