using RuntimeActors.Messages;
using System.Buffers;
using System.Runtime.InteropServices;
using RuntimeActors.Pipes;

namespace RuntimeActors.Engine;

/// <summary>
/// Where the messages of one message connection (<see cref="Transports.IMessageConnection"/>) arrive: the receiving socket and the pipe it knows the peer by. The two
/// ends of a connection exchange their inboxes after the handshake; from then on each socket's sends go straight into
/// the other socket's inbound queue, one hand-off as in libzmq's inproc pipe, and the engines only hand on what a full
/// receiver pushed back and wait for the end of the connection.
/// </summary>
internal sealed class MessageInbox : IMessageSink
{
    private readonly IEngineHost _host;
    private readonly Pipe _pipe;
    private readonly InboundLane _lane;
    private volatile bool _closed;

    /// <summary>The inbox of <paramref name="pipe"/>, with a lane of its own into <paramref name="host"/>'s inbound queue.</summary>
    /// <remarks>A lane per connection: a late write of the previous connection's peer can never meet the next one's in a lane.</remarks>
    public MessageInbox(IEngineHost host, Pipe pipe)
    {
        _host = host;
        _pipe = pipe;
        _lane = host.OpenLane(pipe);
    }

    /// <summary>Whether the receiving end has stopped taking messages (its connection ended).</summary>
    public bool IsClosed => _closed;

    public void AttachSender(int sendHighWaterMark, Action onRoom) => _lane.AttachSender(sendHighWaterMark, onRoom);

    public bool TryTake(ZMessage message) => !_closed && _host.TryDeliver(_lane, message);

    public bool TryWaitForRoom() => !_closed && _lane.TryWaitForRoom();

    /// <summary>Delivers messages the sender had to queue, waiting while the receiver is at its high-water mark.</summary>
    public ValueTask DeliverAsync(IReadOnlyList<ZMessage> messages, CancellationToken cancellationToken) =>
        _host.DeliverAsync(_lane, messages, cancellationToken);

    /// <summary>Hands a subscription of the sender's to the receiving socket, waiting while that socket cannot take it (XPUB at RCVHWM).</summary>
    public ValueTask OnSubscriptionAsync(bool subscribe, ReadOnlyMemory<byte> topic, CancellationToken cancellationToken) =>
        _host.OnSubscriptionAsync(_pipe, subscribe, topic, cancellationToken);

    /// <summary>Refuses further messages: the receiving end's connection is over, and what was not taken stays with the sender.</summary>
    public void Close()
    {
        _closed = true;
        // A sender waiting for room learns that it must keep its messages.
        _lane.WakeWriter();
    }

    /// <summary>The join message that carries this inbox to the other end.</summary>
    public ZMessage ToJoinMessage() => ZMessage.Join(new Carrier(this).Memory);

    /// <summary>The inbox a join message carries; null when <paramref name="message"/> is not one.</summary>
    public static MessageInbox? FromJoinMessage(ZMessage message) =>
        message.Kind == MessageKind.Join && message.Count == 1 && MemoryMarshal.TryGetMemoryManager(message[0], out Carrier? carrier)
            ? carrier.Inbox
            : null;

    /// <summary>
    /// Carries the inbox through the connection's channel as the owner of an empty frame, so that messages need no
    /// field for the one message per connection that carries an object.
    /// </summary>
    private sealed class Carrier(MessageInbox inbox) : MemoryManager<byte>
    {
        public MessageInbox Inbox { get; } = inbox;

        public override Span<byte> GetSpan() => [];

        public override MemoryHandle Pin(int elementIndex = 0) => default;

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
