using System.Text;

namespace RuntimeActors;

/// <summary>
/// A ZAP request (RFC 27): a server socket asks its ZAP handler whether a peer's handshake may proceed. The frames
/// are those libzmq 4.3.4 sends to <c>inproc://zeromq.zap.01</c>.
/// </summary>
/// <param name="RequestId">Correlates the reply with the request.</param>
/// <param name="Domain">The server socket's <see cref="SocketOptions.ZapDomain"/>.</param>
/// <param name="Address">The peer's address, as <see cref="ZMessage.PeerAddress"/> gives it (an IP address for tcp).</param>
/// <param name="RoutingId">The server socket's own routing id (<see cref="SocketOptions.RoutingId"/>), as libzmq sends it.</param>
/// <param name="Mechanism">"NULL", "PLAIN" or "CURVE".</param>
/// <param name="Credentials">None for NULL; user name and password for PLAIN; the client's 32-byte long-term public key for CURVE.</param>
public sealed record ZapRequest(
    string RequestId,
    string Domain,
    string Address,
    ReadOnlyMemory<byte> RoutingId,
    string Mechanism,
    IReadOnlyList<ReadOnlyMemory<byte>> Credentials)
{
    /// <summary>The ZAP version this runtime speaks.</summary>
    public const string Version = "1.0";

    /// <summary>The PLAIN user name, or null for another mechanism.</summary>
    public string? Username => Mechanism == "PLAIN" && Credentials.Count == 2 ? Encoding.UTF8.GetString(Credentials[0].Span) : null;

    /// <summary>The PLAIN password, or null for another mechanism.</summary>
    public string? Password => Mechanism == "PLAIN" && Credentials.Count == 2 ? Encoding.UTF8.GetString(Credentials[1].Span) : null;

    /// <summary>The CURVE client's long-term public key in Z85, or null for another mechanism.</summary>
    public string? ClientPublicKeyZ85 => Mechanism == "CURVE" && Credentials.Count == 1 && Credentials[0].Length == 32 ? Z85.Encode(Credentials[0].Span) : null;

    /// <inheritdoc />
    /// <remarks>Never shows a password.</remarks>
    public override string ToString() =>
        $"ZAP {RequestId} {Mechanism} domain \"{Domain}\" from {Address}{(Username is { } user ? $" user \"{user}\"" : "")}{(ClientPublicKeyZ85 is { } key ? $" key {key}" : "")}";
}
