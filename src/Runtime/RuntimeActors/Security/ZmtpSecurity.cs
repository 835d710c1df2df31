namespace RuntimeActors.Security;

/// <summary>The security settings of one socket's connections, fixed when the socket is created.</summary>
internal sealed record ZmtpSecurity(
    SecurityMechanism Mechanism,
    bool IsServer,
    string? PlainUsername,
    string? PlainPassword,
    ReadOnlyMemory<byte> CurvePublicKey,
    ReadOnlyMemory<byte> CurveSecretKey,
    ReadOnlyMemory<byte> CurveServerKey,
    string ZapDomain,
    bool ZapEnforceDomain,
    IZapClient? Zap)
{
    /// <summary>NULL without ZAP: what a socket has unless its options say otherwise.</summary>
    public static ZmtpSecurity None { get; } = new(SecurityMechanism.Null, false, null, null, default, default, default, "", false, null);

    /// <summary>The settings of a socket with these (validated) options.</summary>
    public static ZmtpSecurity From(SocketOptions options, IZapClient? zap) => new(
        options.Mechanism,
        options.IsSecurityServer,
        options.PlainUsername,
        options.PlainPassword,
        options.CurvePublicKey,
        options.CurveSecretKey,
        options.CurveServerKey,
        options.ZapDomain,
        options.ZapEnforceDomain,
        zap);
}
