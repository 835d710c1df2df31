using Akka.Actor;

namespace RuntimeActors;

/// <summary>A monitor event of a socket, published on the actor system's event stream and told to every monitor of the socket.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Socket">The socket actor it happened to.</param>
/// <param name="Endpoint">The endpoint concerned (the real one after a wildcard bind).</param>
/// <param name="Error">Why, for failures.</param>
/// <param name="Delay">The reconnect delay, for <see cref="SocketEventKind.ConnectRetried"/>.</param>
public sealed record SocketEvent(SocketEventKind Kind, IActorRef Socket, string Endpoint, Exception? Error = null, TimeSpan? Delay = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Kind} {Endpoint}{(Error is null ? "" : $" ({Error.Message})")}{(Delay is { } d ? $" after {d.TotalMilliseconds:0} ms" : "")}";
}
