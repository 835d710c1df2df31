namespace RuntimeActors;

/// <summary>The ZMTP security mechanism a socket's connections use (ZMQ_MECHANISM).</summary>
public enum SecurityMechanism
{
    /// <summary>RFC 37's NULL: no authentication, no encryption (ZMQ_NULL).</summary>
    Null,

    /// <summary>RFC 24's PLAIN: a user name and password in clear text, checked by a ZAP handler (ZMQ_PLAIN).</summary>
    Plain,

    /// <summary>RFC 25/26's CURVE: X25519 key exchange, every frame encrypted and authenticated (ZMQ_CURVE).</summary>
    Curve,
}
