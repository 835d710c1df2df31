using System.Buffers.Binary;
using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// ROUTER: every received message gets the sender's routing id as a first frame; a sent message's first
/// frame names the peer to route it to and is removed. A peer is known by the ZMQ_ROUTING_ID it announced,
/// or by a generated 5-byte id (a zero byte and a 32-bit number, as libzmq makes them). An unknown id, or a
/// peer at its high-water mark, drops the message, or with ZMQ_ROUTER_MANDATORY fails with EHOSTUNREACH or
/// EAGAIN.
/// </summary>
internal sealed class RouterCore(SocketOptions options) : SocketCore(SocketType.Router, options)
{
    private readonly Dictionary<string, Pipe> _byRoutingId = new(StringComparer.Ordinal);
    private uint _nextGeneratedId = (uint)Random.Shared.Next();

    protected override bool AcceptsLocked(Pipe pipe)
    {
        if (pipe.Peer is not { } peer)
        {
            // A ROUTER learns a peer's routing id from its handshake, so it only takes connected pipes.
            return false;
        }

        if (peer.RoutingId.Length > 0)
        {
            // A duplicate identity is refused, as libzmq does without ZMQ_ROUTER_HANDOVER.
            if (_byRoutingId.ContainsKey(Key(peer.RoutingId.Span)))
            {
                return false;
            }

            pipe.RoutingId = peer.RoutingId;
            return true;
        }

        var generated = new byte[5];
        do
        {
            BinaryPrimitives.WriteUInt32BigEndian(generated.AsSpan(1), _nextGeneratedId++);
        }
        while (_byRoutingId.ContainsKey(Key(generated)));

        pipe.RoutingId = generated;
        return true;
    }

    protected override void OnAttachedLocked(Pipe pipe) => _byRoutingId[Key(pipe.RoutingId.Span)] = pipe;

    protected override void OnDetachedLocked(Pipe pipe) => _byRoutingId.Remove(Key(pipe.RoutingId.Span));

    protected override bool HasReceivePolicy => true;

    protected override ZMessage? ReceiveLocked(Pipe pipe, ZMessage message) => message.Push(pipe.RoutingId);

    protected override SendOutcome SendLocked(ZMessage message)
    {
        if (message.Count < 1)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, "a ROUTER message needs a first frame naming the peer");
        }

        var routingId = message[0];
        if (!_byRoutingId.TryGetValue(Key(routingId.Span), out var pipe))
        {
            return Options.RouterMandatory
                ? throw new ZmqException(ZmqError.HostUnreachable, null, $"no peer has the routing id {Convert.ToHexString(routingId.Span)}")
                : SendOutcome.Dropped;
        }

        message.Pop();
        if (pipe.Outbound.TryWrite(message))
        {
            return SendOutcome.Sent;
        }

        message.Push(routingId);
        return Options.RouterMandatory ? SendOutcome.WouldBlock : SendOutcome.Dropped;
    }

    private static string Key(ReadOnlySpan<byte> routingId) => System.Text.Encoding.Latin1.GetString(routingId);
}
