using Microsoft.Extensions.Logging;
using RuntimeActors.Messages;
using RuntimeActors.Pipes;
using RuntimeActors.Transports;
using RuntimeActors.Wire;

namespace RuntimeActors.Engine;

/// <summary>
/// The engine of a message connection (<see cref="IMessageConnection"/>, which an in-process transport such as inproc
/// gives): the same handshake and routing contract as ZMTP, without a wire. The runtime knows the connection only
/// through that interface. After the handshake the two ends exchange inboxes (<see cref="MessageInbox"/>) and each socket then delivers
/// its messages, as the same objects, straight into the other's inbound queue; the engine hands on only what the
/// sender had to queue and watches for the end. In flight are at most the receiver's RCVHWM plus the sender's
/// SNDHWM, as libzmq's inproc pipes hold.
/// </summary>
internal sealed class MessageEngine(IMessageConnection connection, ZmtpEngineOptions options, string endpoint, ILogger logger) : IConnectionEngine
{
    private const int MaxBatch = 256;

    public async Task<PeerInfo> HandshakeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await connection.Output.WriteAsync(ZMessage.Handshake(ZmtpSocketTypeNames.ToWireName(options.SocketType), options.RoutingId), cancellationToken).ConfigureAwait(false);
            if (!await connection.Input.WaitToReadAsync(cancellationToken).ConfigureAwait(false) || !connection.Input.TryRead(out var hello))
            {
                throw new ZmtpProtocolException(ZmtpError.HandshakeRejected, $"the in-process peer on {endpoint} closed the connection before its handshake");
            }

            if (hello.Kind != MessageKind.Handshake || !ZmtpSocketTypeNames.TryParse(hello[0].Span, out var peerType))
            {
                throw new ZmtpProtocolException(ZmtpError.HandshakeRejected, $"the in-process peer on {endpoint} did not start with a handshake");
            }

            if (!SocketTypeCompatibility.AreCompatible(options.SocketType, peerType))
            {
                throw new ZmtpProtocolException(
                    ZmtpError.IncompatibleSocketType,
                    $"a {ZmtpSocketTypeNames.ToWireName(options.SocketType)} socket cannot talk to a {ZmtpSocketTypeNames.ToWireName(peerType)} peer");
            }

            EngineLog.HandshakeCompleted(logger, connection.RemoteEndpoint, endpoint, ZmtpSocketTypeNames.ToWireName(peerType), 1);
            return new PeerInfo(peerType, hello[1], endpoint, connection.RemoteEndpoint, ZmtpMinorVersion: 1);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EngineLog.HandshakeFailed(logger, connection.RemoteEndpoint, endpoint, e.Message);
            connection.Output.TryComplete();
            throw;
        }
    }

    public async Task RunAsync(Pipe pipe, IEngineHost host, CancellationToken cancellationToken)
    {
        var inbox = new MessageInbox(host, pipe);
        try
        {
            if (await JoinAsync(inbox, cancellationToken).ConfigureAwait(false) is { } peer)
            {
                pipe.Outbound.SendDirectTo(peer);
                await ExchangeAsync(pipe, peer, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Neither socket hands the other anything more; what this one had not handed on stays in its pipe.
            inbox.Close();
            pipe.Outbound.SendDirectTo(null);
            connection.Output.TryComplete();
        }

        EngineLog.ConnectionClosed(logger, connection.RemoteEndpoint, endpoint, "closed");
    }

    /// <summary>Sends this end's inbox and reads the peer's; null when the peer closed first.</summary>
    private async Task<MessageInbox?> JoinAsync(MessageInbox inbox, CancellationToken cancellationToken)
    {
        await connection.Output.WriteAsync(inbox.ToJoinMessage(), cancellationToken).ConfigureAwait(false);
        if (!await connection.Input.WaitToReadAsync(cancellationToken).ConfigureAwait(false) || !connection.Input.TryRead(out var joined))
        {
            return null;
        }

        return MessageInbox.FromJoinMessage(joined)
            ?? throw new ZmtpProtocolException(ZmtpError.UnexpectedCommand, $"the in-process peer on {endpoint} sent a message before joining");
    }

    private async Task ExchangeAsync(Pipe pipe, MessageInbox peer, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var peerClosing = WaitForPeerCloseAsync(stop.Token);
        var writing = WriteAsync(pipe, peer, stop.Token);
        try
        {
            // Either ending ends the connection: the peer closed, or we handed on our pipe after a close.
            await Task.WhenAny(peerClosing, writing).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        await IgnoreCancellation(peerClosing).ConfigureAwait(false);
        await IgnoreCancellation(writing).ConfigureAwait(false);
    }

    /// <summary>Completes when the peer completes its half; after the join, nothing else may come through the channel.</summary>
    private async Task WaitForPeerCloseAsync(CancellationToken cancellationToken)
    {
        var input = connection.Input;
        while (await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (input.TryRead(out _))
            {
                throw new ZmtpProtocolException(ZmtpError.UnexpectedCommand, $"the in-process peer on {endpoint} sent a message after joining");
            }
        }
    }

    /// <summary>
    /// Hands the peer what the socket had to queue (the peer was full, or subscriptions), in order, until the pipe is
    /// completed and drained (a close with linger: the socket waits for that before it stops its sessions). Each message
    /// is released from the pipe's count as it goes, so that the two high-water marks together hold exactly their sum.
    /// </summary>
    private static async Task WriteAsync(Pipe pipe, MessageInbox peer, CancellationToken cancellationToken)
    {
        var batch = new List<ZMessage>();
        var single = new ZMessage[1];
        while (await pipe.Outbound.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && !peer.IsClosed)
        {
            batch.Clear();
            pipe.Outbound.ReadBatch(batch, MaxBatch);
            foreach (var message in batch)
            {
                if (message.Kind != MessageKind.Data)
                {
                    await peer.OnSubscriptionAsync(message.Kind == MessageKind.Subscribe, message[0], cancellationToken).ConfigureAwait(false);
                }
                else if (!peer.TryTake(message))
                {
                    if (peer.IsClosed)
                    {
                        return;
                    }

                    single[0] = message;
                    await peer.DeliverAsync(single, cancellationToken).ConfigureAwait(false);
                }

                pipe.Outbound.Release(1);
            }
        }
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
