using Akka.Actor;
using RuntimeActors.Serialization;

namespace RuntimeActors;

/// <summary>A monitor event of a socket, published on the actor system's event stream and told to every monitor of the socket.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Socket">The socket actor it happened to.</param>
/// <param name="Endpoint">The endpoint concerned (the real one after a wildcard bind).</param>
/// <param name="Error">Why, for failures.</param>
/// <param name="Delay">The reconnect delay, for <see cref="SocketEventKind.ConnectRetried"/>.</param>
/// <param name="Value">
/// libzmq's event value where it carries a code: the ZMQ_PROTOCOL_ERROR_* code for
/// <see cref="SocketEventKind.HandshakeFailedProtocol"/>, the ZAP status code for <see cref="SocketEventKind.HandshakeFailedAuth"/>.
/// </param>
public sealed record SocketEvent(SocketEventKind Kind, IActorRef Socket, string Endpoint, Exception? Error = null, TimeSpan? Delay = null, int? Value = null) : IZmqMessage
{
    /// <summary>The protocol error, for <see cref="SocketEventKind.HandshakeFailedProtocol"/>.</summary>
    public ZmqProtocolError? ProtocolError => Kind == SocketEventKind.HandshakeFailedProtocol && Value is { } code ? (ZmqProtocolError)code : null;

    /// <summary>The ZAP status code (300, 400 or 500), for <see cref="SocketEventKind.HandshakeFailedAuth"/>.</summary>
    public int? AuthStatusCode => Kind == SocketEventKind.HandshakeFailedAuth ? Value : null;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Kind} {Endpoint}{(ProtocolError is { } p ? $" {p}" : "")}{(AuthStatusCode is { } a ? $" {a}" : "")}{(Error is null ? "" : $" ({Error.Message})")}{(Delay is { } d ? $" after {d.TotalMilliseconds:0} ms" : "")}";
}
