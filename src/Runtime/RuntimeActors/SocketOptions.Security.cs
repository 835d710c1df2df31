using System.Text;
using RuntimeActors.Security;

namespace RuntimeActors;

/// <summary>The security options: the mechanism, its credentials and keys, and the ZAP domain.</summary>
public sealed partial class SocketOptions
{
    private bool _plainServer;
    private string? _plainUsername;
    private string? _plainPassword;
    private bool _curveServer;
    private ReadOnlyMemory<byte> _curvePublicKey;
    private ReadOnlyMemory<byte> _curveSecretKey;
    private ReadOnlyMemory<byte> _curveServerKey;

    /// <summary>
    /// ZMQ_MECHANISM: the mechanism the options chosen last select, as in libzmq: setting <see cref="PlainServer"/>
    /// or <see cref="PlainUsername"/> selects PLAIN, setting <see cref="CurveServer"/> or <see cref="CurveServerKey"/>
    /// selects CURVE. Both ends of a connection must use the same mechanism.
    /// </summary>
    public SecurityMechanism Mechanism { get; private set; }

    /// <summary>Whether this socket is the server of its mechanism (ZMQ_PLAIN_SERVER or ZMQ_CURVE_SERVER), whichever end binds.</summary>
    public bool IsSecurityServer => Mechanism switch
    {
        SecurityMechanism.Plain => _plainServer,
        SecurityMechanism.Curve => _curveServer,
        _ => false,
    };

    /// <summary>ZMQ_PLAIN_SERVER: be a PLAIN server, whose clients a ZAP handler authenticates. Selects PLAIN.</summary>
    public bool PlainServer
    {
        get => _plainServer;
        set
        {
            _plainServer = value;
            Mechanism = value || _plainUsername is not null ? SecurityMechanism.Plain : SecurityMechanism.Null;
        }
    }

    /// <summary>ZMQ_PLAIN_USERNAME: be a PLAIN client with this user name (1 to 255 bytes of UTF-8). Selects PLAIN.</summary>
    /// <exception cref="ZmqException">EINVAL: empty or longer than 255 bytes.</exception>
    public string? PlainUsername
    {
        get => _plainUsername;
        set
        {
            _plainUsername = value is null ? null : CheckPlainCredential(value, "PlainUsername");
            _plainServer = false;
            Mechanism = value is null ? SecurityMechanism.Null : SecurityMechanism.Plain;
        }
    }

    /// <summary>ZMQ_PLAIN_PASSWORD: the PLAIN client's password (0 to 255 bytes of UTF-8).</summary>
    /// <exception cref="ZmqException">EINVAL: longer than 255 bytes.</exception>
    public string? PlainPassword
    {
        get => _plainPassword;
        set => _plainPassword = value is null ? null : CheckPlainCredential(value, "PlainPassword", allowEmpty: true);
    }

    /// <summary>
    /// ZMQ_CURVE_SERVER: be a CURVE server; <see cref="CurveSecretKey"/> must hold the server's long-term secret key.
    /// Selects CURVE.
    /// </summary>
    public bool CurveServer
    {
        get => _curveServer;
        set
        {
            _curveServer = value;
            Mechanism = value || !_curveServerKey.IsEmpty ? SecurityMechanism.Curve : SecurityMechanism.Null;
        }
    }

    /// <summary>ZMQ_CURVE_PUBLICKEY: our long-term public key, 32 bytes or 40 bytes of Z85 text.</summary>
    /// <exception cref="ZmqException">EINVAL: any other length, or Z85 that does not decode.</exception>
    public ReadOnlyMemory<byte> CurvePublicKey
    {
        get => _curvePublicKey;
        set => _curvePublicKey = CurveKey.Parse(value.Span, "CurvePublicKey");
    }

    /// <summary>ZMQ_CURVE_SECRETKEY: our long-term secret key, 32 bytes or 40 bytes of Z85 text.</summary>
    /// <exception cref="ZmqException">EINVAL: any other length, or Z85 that does not decode.</exception>
    public ReadOnlyMemory<byte> CurveSecretKey
    {
        get => _curveSecretKey;
        set => _curveSecretKey = CurveKey.Parse(value.Span, "CurveSecretKey");
    }

    /// <summary>
    /// ZMQ_CURVE_SERVERKEY: the server's long-term public key, 32 bytes or 40 bytes of Z85 text; setting it makes this
    /// socket a CURVE client. Selects CURVE.
    /// </summary>
    /// <exception cref="ZmqException">EINVAL: any other length, or Z85 that does not decode.</exception>
    public ReadOnlyMemory<byte> CurveServerKey
    {
        get => _curveServerKey;
        set
        {
            _curveServerKey = CurveKey.Parse(value.Span, "CurveServerKey");
            _curveServer = false;
            Mechanism = SecurityMechanism.Curve;
        }
    }

    /// <summary>ZMQ_ZAP_DOMAIN: the domain ZAP requests name; with NULL, ZAP is asked only when it is set.</summary>
    public string ZapDomain { get; set; } = "";

    /// <summary>
    /// ZMQ_ZAP_ENFORCE_DOMAIN: a handshake that needs ZAP fails when no handler answers, instead of proceeding
    /// (NULL with a domain, CURVE). PLAIN always needs a handler.
    /// </summary>
    public bool ZapEnforceDomain { get; set; }

    /// <summary>Makes this socket a CURVE server with the given long-term key pair.</summary>
    /// <returns>These options.</returns>
    public SocketOptions UseCurveServer(CurveKeyPair serverKeys)
    {
        ArgumentNullException.ThrowIfNull(serverKeys);
        CurvePublicKey = serverKeys.PublicKey;
        CurveSecretKey = serverKeys.SecretKey;
        CurveServer = true;
        return this;
    }

    /// <summary>
    /// Makes this socket a CURVE client of the server whose public key is <paramref name="serverPublicKeyZ85"/>, with
    /// the client's long-term key pair (a fresh one per socket when null, for servers that accept any client).
    /// </summary>
    /// <returns>These options.</returns>
    /// <exception cref="ZmqException">EINVAL: the server key is not 40 Z85 characters.</exception>
    public SocketOptions UseCurveClient(string serverPublicKeyZ85, CurveKeyPair? clientKeys = null)
    {
        ArgumentNullException.ThrowIfNull(serverPublicKeyZ85);
        CurveServerKey = Encoding.ASCII.GetBytes(serverPublicKeyZ85);
        if (clientKeys is not null)
        {
            CurvePublicKey = clientKeys.PublicKey;
            CurveSecretKey = clientKeys.SecretKey;
        }

        return this;
    }

    /// <summary>Makes this socket a PLAIN client with these credentials.</summary>
    /// <returns>These options.</returns>
    public SocketOptions UsePlainClient(string username, string password)
    {
        PlainUsername = username;
        PlainPassword = password;
        return this;
    }

    /// <summary>Makes this socket a PLAIN server (a ZAP handler checks the credentials).</summary>
    /// <returns>These options.</returns>
    public SocketOptions UsePlainServer()
    {
        PlainServer = true;
        return this;
    }

    private void ValidateSecurity()
    {
        if (Mechanism == SecurityMechanism.Curve && _curveServer && _curveSecretKey.IsEmpty)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, "a CURVE server needs its secret key (CurveSecretKey)");
        }

        if (Mechanism == SecurityMechanism.Curve && !_curveServer && _curvePublicKey.IsEmpty != _curveSecretKey.IsEmpty)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, "a CURVE client needs both its public and its secret key, or neither (for a fresh pair)");
        }

        if (Mechanism == SecurityMechanism.Curve && !_curveServer && _curveSecretKey.IsEmpty)
        {
            // libzmq insists on a client key pair; a fresh one per socket serves servers that accept any client.
            var fresh = CurveKeyPair.Generate();
            _curvePublicKey = fresh.PublicKey;
            _curveSecretKey = fresh.SecretKey;
        }

        if (Encoding.UTF8.GetByteCount(ZapDomain) > 255)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, "a ZAP domain is at most 255 bytes");
        }
    }

    private static string CheckPlainCredential(string value, string option, bool allowEmpty = false)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > 255 || (length == 0 && !allowEmpty))
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, $"{option} must be {(allowEmpty ? 0 : 1)} to 255 bytes of UTF-8, not {length}");
        }

        return value;
    }
}
