using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace RuntimeActors;

/// <summary>
/// A ready-made ZAP policy, like pyzmq's <c>zmq.auth</c> authenticators: PLAIN users with their passwords, CURVE client
/// keys, NULL peers allowed. Install it with <c>runtime.UseZapHandler(authenticator.HandleAsync)</c>.
/// </summary>
/// <remarks>Safe to change while sockets use it: later handshakes see the change.</remarks>
public sealed class ZapAuthenticator
{
    private readonly ConcurrentDictionary<string, byte[]> _plainUsers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _curveKeys = new(StringComparer.Ordinal);

    /// <summary>Whether any CURVE client key is accepted (encryption without authentication). Default false.</summary>
    public bool AllowAnyCurveKey { get; set; }

    /// <summary>Whether NULL peers are accepted (when a socket with a ZAP domain asks). Default true.</summary>
    public bool AllowNull { get; set; } = true;

    /// <summary>Allows a PLAIN user with this password.</summary>
    /// <returns>This authenticator.</returns>
    public ZapAuthenticator AllowPlain(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(password);
        _plainUsers[username] = Encoding.UTF8.GetBytes(password);
        return this;
    }

    /// <summary>Allows a CURVE client by its long-term public key (40 Z85 characters).</summary>
    /// <returns>This authenticator.</returns>
    /// <exception cref="FormatException">The key is not 40 Z85 characters.</exception>
    public ZapAuthenticator AllowCurve(string publicKeyZ85)
    {
        ArgumentNullException.ThrowIfNull(publicKeyZ85);
        if (publicKeyZ85.Length != 40)
        {
            throw new FormatException($"A CURVE public key in Z85 has 40 characters, not {publicKeyZ85.Length}.");
        }

        // Decoding checks the alphabet; the key is kept in Z85, as ZAP requests are compared in it.
        _ = Z85.Decode(publicKeyZ85);
        _curveKeys[publicKeyZ85] = true;
        return this;
    }

    /// <summary>Answers a ZAP request by this policy; usable as a <see cref="ZapHandler"/>.</summary>
    public ValueTask<ZapReply> HandleAsync(ZapRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(Decide(request));
    }

    private ZapReply Decide(ZapRequest request)
    {
        switch (request.Mechanism)
        {
            case "NULL":
                return AllowNull ? ZapReply.Allow() : ZapReply.Deny("NULL is not allowed");
            case "PLAIN":
                if (request.Username is { } user && _plainUsers.TryGetValue(user, out var expected)
                    && CryptographicOperations.FixedTimeEquals(expected, request.Credentials[1].Span))
                {
                    return ZapReply.Allow(user);
                }

                return ZapReply.Deny("Invalid username or password");
            case "CURVE":
                if (request.ClientPublicKeyZ85 is { } key && (AllowAnyCurveKey || _curveKeys.ContainsKey(key)))
                {
                    return ZapReply.Allow(key);
                }

                return ZapReply.Deny("Unknown CURVE client key");
            default:
                return ZapReply.Deny($"Unknown mechanism {request.Mechanism}");
        }
    }
}
