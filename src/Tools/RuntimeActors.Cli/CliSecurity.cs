namespace RuntimeActors.Cli;

/// <summary>A PLAIN user name and password, as <c>USER:PASSWORD</c> gives them.</summary>
/// <param name="User">The user name, 1 to 255 bytes of UTF-8.</param>
/// <param name="Password">The password, 0 to 255 bytes of UTF-8.</param>
internal sealed record PlainCredentials(string User, string Password)
{
    /// <summary>The user only: a password does not belong in output.</summary>
    public override string ToString() => User;
}

/// <summary>
/// The security mechanism of a run and what it needs, checked when the arguments are parsed: at most one
/// mechanism, one side of it, and keys that are 40 Z85 characters.
/// </summary>
/// <param name="CurveServerSecret">--curve-server: the CURVE server's secret key in Z85; its public key is derived from it.</param>
/// <param name="CurveServerKey">--curve-serverkey: the public key in Z85 of the server a CURVE client talks to.</param>
/// <param name="CurveSecret">--curve-secret: the CURVE client's own secret key in Z85; null for a fresh key pair.</param>
/// <param name="CurveAllow">--curve-allow: the client public keys a CURVE server accepts; empty accepts any key.</param>
/// <param name="PlainServer">--plain-server: be a PLAIN server.</param>
/// <param name="PlainAllow">--plain-allow: the users a PLAIN server accepts.</param>
/// <param name="PlainUser">--plain-user: be a PLAIN client with these credentials.</param>
/// <param name="ZapDomain">--zap-domain: the ZAP domain a server's requests name; null for none.</param>
internal sealed record CliSecurity(
    string? CurveServerSecret,
    string? CurveServerKey,
    string? CurveSecret,
    IReadOnlyList<string> CurveAllow,
    bool PlainServer,
    IReadOnlyList<PlainCredentials> PlainAllow,
    PlainCredentials? PlainUser,
    string? ZapDomain)
{
    /// <summary>NULL, the mechanism of a socket without security options.</summary>
    public static CliSecurity None { get; } = new(null, null, null, [], false, [], null, null);

    /// <summary>
    /// The ZAP policy the runtime needs: the --plain-allow users of a PLAIN server, the --curve-allow keys of a
    /// CURVE server. Null when there is none: a CURVE server without --curve-allow accepts any client key, as
    /// libzmq does without a ZAP handler.
    /// </summary>
    public ZapAuthenticator? Authenticator()
    {
        if (!PlainServer && CurveAllow.Count == 0)
        {
            return null;
        }

        var authenticator = new ZapAuthenticator();
        foreach (var user in PlainAllow)
        {
            authenticator.AllowPlain(user.User, user.Password);
        }

        foreach (var key in CurveAllow)
        {
            authenticator.AllowCurve(key);
        }

        return authenticator;
    }

    /// <summary>Gives <paramref name="options"/> this mechanism, its keys or credentials, and the ZAP domain.</summary>
    /// <returns><paramref name="options"/>.</returns>
    public SocketOptions ApplyTo(SocketOptions options)
    {
        if (CurveServerSecret is { } serverSecret)
        {
            options.UseCurveServer(CurveKeyPair.FromSecret(serverSecret));
        }

        if (CurveServerKey is { } serverKey)
        {
            options.UseCurveClient(serverKey, CurveSecret is { } secret ? CurveKeyPair.FromSecret(secret) : null);
        }

        if (PlainServer)
        {
            options.UsePlainServer();
        }

        if (PlainUser is { } user)
        {
            options.UsePlainClient(user.User, user.Password);
        }

        if (ZapDomain is { } domain)
        {
            options.ZapDomain = domain;
        }

        return options;
    }
}
