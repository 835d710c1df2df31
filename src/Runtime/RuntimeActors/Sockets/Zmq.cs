using RuntimeActors.Actors;

namespace RuntimeActors;

/// <summary>
/// The messages of a socket actor, for code that is itself an actor (like Akka.IO's <c>Tcp</c> messages):
/// <c>socket.Tell(new Zmq.Bind("tcp://*:5555"), Self)</c> answers <see cref="Bound"/> or a
/// <see cref="Status.Failure"/> carrying a <see cref="ZmqException"/>.
/// </summary>
public static class Zmq
{
    /// <summary>Binds the socket; answered with <see cref="Bound"/> carrying the real endpoint.</summary>
    public sealed record Bind(string Endpoint);

    /// <summary>The answer to <see cref="Bind"/>: the real endpoint (ZMQ_LAST_ENDPOINT) after wildcards.</summary>
    public sealed record Bound(string Endpoint);

    /// <summary>Connects the socket; answered with <see cref="Connecting"/> at once: the connection is made in the background and re-made when lost.</summary>
    public sealed record Connect(string Endpoint);

    /// <summary>The answer to <see cref="Connect"/>.</summary>
    public sealed record Connecting(string Endpoint);

    /// <summary>Stops listening on a bound endpoint (given as the real endpoint) and closes its connections; answered with <see cref="Unbound"/>.</summary>
    public sealed record Unbind(string Endpoint);

    /// <summary>The answer to <see cref="Unbind"/>.</summary>
    public sealed record Unbound(string Endpoint);

    /// <summary>Stops connecting to an endpoint and closes the connection; answered with <see cref="Disconnected"/>.</summary>
    public sealed record Disconnect(string Endpoint);

    /// <summary>The answer to <see cref="Disconnect"/>.</summary>
    public sealed record Disconnected(string Endpoint);

    /// <summary>Sends a message without waiting; a failure (EFSM, EHOSTUNREACH, EAGAIN at the send timeout) is told to the sender as a <see cref="Status.Failure"/>.</summary>
    public sealed record Send(ZMessage Message);

    /// <summary>A message the socket received, told to the actor that created the socket's props with a receiver.</summary>
    public sealed record Received(ZMessage Message);

    /// <summary>Subscribes a SUB socket to a topic prefix.</summary>
    public sealed record Subscribe(ReadOnlyMemory<byte> Topic);

    /// <summary>Cancels a subscription of a SUB socket.</summary>
    public sealed record Unsubscribe(ReadOnlyMemory<byte> Topic);

    /// <summary>Tells <paramref name="Listener"/> every monitor event of the socket from now on.</summary>
    public sealed record Monitor(IActorRef Listener);

    /// <summary>Closes the socket, waiting up to ZMQ_LINGER for queued messages to reach connected peers; answered with <see cref="Closed"/>.</summary>
    public sealed record Close
    {
        /// <summary>The single instance.</summary>
        public static Close Instance { get; } = new();
    }

    /// <summary>The answer to <see cref="Close"/>.</summary>
    public sealed record Closed
    {
        /// <summary>The single instance.</summary>
        public static Closed Instance { get; } = new();
    }
}
