using Akka.Actor;
using Akka.Util;
using RuntimeActors.Serialization;

namespace RuntimeActors;

/// <summary>
/// The messages of a socket actor, for code that is itself an Akka.NET actor (like Akka.IO's <c>Tcp</c> messages):
/// <c>socket.Tell(new Zmq.Bind("tcp://*:5555"), Self)</c> answers <see cref="Bound"/> or a
/// <see cref="Status.Failure"/> carrying a <see cref="ZmqException"/>. Sending and receiving have Akka.IO's flow
/// control: <see cref="Send"/> may carry an ack and is refused with <see cref="SendFailed"/> rather than queued without
/// bound; a receiver gets at most <see cref="SocketOptions.ReceiveWindow"/> <see cref="Received"/> it has not
/// acknowledged with <see cref="ReceiveAck"/>.
/// </summary>
public static class Zmq
{
    /// <summary>Binds the socket; answered with <see cref="Bound"/> carrying the real endpoint.</summary>
    public sealed record Bind(string Endpoint) : IZmqMessage;

    /// <summary>The answer to <see cref="Bind"/>: the real endpoint (ZMQ_LAST_ENDPOINT) after wildcards.</summary>
    public sealed record Bound(string Endpoint) : IZmqMessage;

    /// <summary>Connects the socket; answered with <see cref="Connecting"/> at once: the connection is made in the background and re-made when lost.</summary>
    public sealed record Connect(string Endpoint) : IZmqMessage;

    /// <summary>The answer to <see cref="Connect"/>.</summary>
    public sealed record Connecting(string Endpoint) : IZmqMessage;

    /// <summary>Stops listening on a bound endpoint (given as the real endpoint) and closes its connections; answered with <see cref="Unbound"/>.</summary>
    public sealed record Unbind(string Endpoint) : IZmqMessage;

    /// <summary>The answer to <see cref="Unbind"/>.</summary>
    public sealed record Unbound(string Endpoint) : IZmqMessage;

    /// <summary>Stops connecting to an endpoint and closes the connection; answered with <see cref="Disconnected"/>.</summary>
    public sealed record Disconnect(string Endpoint) : IZmqMessage;

    /// <summary>The answer to <see cref="Disconnect"/>.</summary>
    public sealed record Disconnected(string Endpoint) : IZmqMessage;

    /// <summary>
    /// Sends a message without waiting: once it sits in a pipe the sender is told <paramref name="Ack"/> (if not null).
    /// When the socket type would block (PUSH, DEALER, REQ, PAIR with every pipe at the high-water mark, or no peer)
    /// the sender is told <see cref="SendFailed"/> with EAGAIN at once, as are EFSM, EHOSTUNREACH and ENOTSUP, and ENOTSOCK
    /// once the socket is closing; PUB drops at the high-water mark and counts the drop. The socket queues its own copy:
    /// the message is the sender's again.
    /// </summary>
    /// <param name="Message">The message.</param>
    /// <param name="Ack">What to tell the sender once the message is queued, as Akka.IO's <c>Tcp.Write</c> ack; null for nothing.</param>
    public sealed record Send(ZMessage Message, object? Ack = null) : IZmqMessage;

    /// <summary>
    /// The answer to a <see cref="Send"/> that was not queued (Akka.IO's <c>CommandFailed</c>). For EAGAIN, tell the
    /// socket <see cref="ResumeWriting"/> and send again after <see cref="WritingResumed"/>.
    /// </summary>
    /// <param name="Message">The message that was not sent.</param>
    /// <param name="Error">Why: <see cref="ZmqError.WouldBlock"/> (EAGAIN) at the high-water mark, or the send's error.</param>
    public sealed record SendFailed(ZMessage Message, ZmqError Error) : IZmqMessage
    {
        /// <summary>The error's explanation.</summary>
        public string Reason { get; init; } = "";
    }

    /// <summary>Asks to be told <see cref="WritingResumed"/> once a pipe has room again after a <see cref="SendFailed"/>.</summary>
    public sealed class ResumeWriting : IZmqMessage
    {
        /// <summary>The single instance.</summary>
        public static ResumeWriting Instance { get; } = new();
    }

    /// <summary>The answer to <see cref="ResumeWriting"/>: a pipe got room or a peer came; send again.</summary>
    public sealed class WritingResumed : IZmqMessage
    {
        /// <summary>The single instance.</summary>
        public static WritingResumed Instance { get; } = new();
    }

    /// <summary>
    /// A message the socket received, told to the actor that created the socket's props with a receiver. The receiver
    /// acknowledges it with <see cref="ReceiveAck"/>; past <see cref="SocketOptions.ReceiveWindow"/> unacknowledged
    /// messages the socket stops taking from its peers.
    /// </summary>
    public sealed record Received(ZMessage Message) : IZmqMessage;

    /// <summary>The receiver has processed <paramref name="Count"/> more <see cref="Received"/> messages: the socket may deliver as many more.</summary>
    public sealed record ReceiveAck(int Count = 1) : IZmqMessage
    {
        /// <summary>An acknowledgement of one message.</summary>
        public static ReceiveAck One { get; } = new();
    }

    /// <summary>Subscribes a SUB socket to a topic prefix.</summary>
    public sealed record Subscribe(ReadOnlyMemory<byte> Topic) : IZmqMessage, ISurrogated
    {
        ISurrogate ISurrogated.ToSurrogate(ActorSystem system) => new TopicSurrogate(Topic.ToArray(), Subscribe: true);
    }

    /// <summary>Cancels a subscription of a SUB socket.</summary>
    public sealed record Unsubscribe(ReadOnlyMemory<byte> Topic) : IZmqMessage, ISurrogated
    {
        ISurrogate ISurrogated.ToSurrogate(ActorSystem system) => new TopicSurrogate(Topic.ToArray(), Subscribe: false);
    }

    /// <summary>
    /// What Hyperion writes of a <see cref="Subscribe"/> or <see cref="Unsubscribe"/>: the topic's bytes alone, not the
    /// whole array (or memory manager) a slice lies in.
    /// </summary>
    internal sealed record TopicSurrogate(byte[] Topic, bool Subscribe) : ISurrogate
    {
        public ISurrogated FromSurrogate(ActorSystem system) => Subscribe ? new Subscribe(Topic) : new Unsubscribe(Topic);
    }

    /// <summary>Tells <paramref name="Listener"/> every monitor event of the socket from now on.</summary>
    public sealed record Monitor(IActorRef Listener) : IZmqMessage;

    /// <summary>Closes the socket, waiting up to ZMQ_LINGER for queued messages to reach connected peers; answered with <see cref="Closed"/>.</summary>
    public sealed record Close : IZmqMessage
    {
        /// <summary>The single instance.</summary>
        public static Close Instance { get; } = new();
    }

    /// <summary>The answer to <see cref="Close"/>.</summary>
    public sealed record Closed : IZmqMessage
    {
        /// <summary>The single instance.</summary>
        public static Closed Instance { get; } = new();
    }
}
