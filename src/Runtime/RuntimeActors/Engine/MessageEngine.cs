using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RuntimeActors.Pipes;
using RuntimeActors.Transports;
using RuntimeActors.Wire;

namespace RuntimeActors.Engine;

/// <summary>
/// The engine of a message connection (inproc): the same handshake and routing contract as ZMTP, without a
/// wire. Message objects pass from one socket's pipe to the other socket as they are, so frames are never
/// copied; the channel of the connection and the two sockets' high-water marks bound what is in flight.
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
                throw new ZmtpProtocolException(ZmtpError.HandshakeRejected, $"the inproc peer on {endpoint} closed the connection before its handshake");
            }

            if (hello.Kind != MessageKind.Handshake || !ZmtpSocketTypeNames.TryParse(hello[0].Span, out var peerType))
            {
                throw new ZmtpProtocolException(ZmtpError.HandshakeRejected, $"the inproc peer on {endpoint} did not start with a handshake");
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
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadAsync(pipe, host, stop.Token);
        var writing = WriteAsync(pipe, stop.Token);
        try
        {
            // Either half ending ends the connection: the peer closed, or we flushed our pipe after a close.
            await Task.WhenAny(reading, writing).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            connection.Output.TryComplete();
        }

        await IgnoreCancellation(reading).ConfigureAwait(false);
        await IgnoreCancellation(writing).ConfigureAwait(false);
        EngineLog.ConnectionClosed(logger, connection.RemoteEndpoint, endpoint, "closed");
    }

    private async Task ReadAsync(Pipe pipe, IEngineHost host, CancellationToken cancellationToken)
    {
        var input = connection.Input;
        var messages = new List<ZMessage>();
        while (await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Runs of data messages go to the socket as one batch; a subscription is handled in its place.
            while (messages.Count < MaxBatch && input.TryRead(out var message))
            {
                switch (message.Kind)
                {
                    case MessageKind.Subscribe or MessageKind.Cancel:
                        await DeliverAsync(pipe, host, messages, cancellationToken).ConfigureAwait(false);
                        host.OnSubscription(pipe, message.Kind == MessageKind.Subscribe, message[0]);
                        break;
                    case MessageKind.Data:
                        messages.Add(message);
                        break;
                    default:
                        throw new ZmtpProtocolException(ZmtpError.UnexpectedCommand, $"the inproc peer on {endpoint} sent a second handshake");
                }
            }

            await DeliverAsync(pipe, host, messages, cancellationToken).ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask DeliverAsync(Pipe pipe, IEngineHost host, List<ZMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count > 0)
        {
            await host.DeliverAsync(pipe, messages, cancellationToken).ConfigureAwait(false);
            messages.Clear();
        }
    }

    /// <summary>
    /// Moves the pipe's messages to the peer until the pipe is completed and drained (a close with linger: the socket
    /// waits for that before it stops its sessions).
    /// </summary>
    private async Task WriteAsync(Pipe pipe, CancellationToken cancellationToken)
    {
        var batch = new List<ZMessage>();
        var output = connection.Output;
        while (await pipe.Outbound.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Clear();
            pipe.Outbound.ReadBatch(batch, MaxBatch);
            foreach (var message in batch)
            {
                // Waits only when the connection is full, rather than through an awaited write per message.
                while (!output.TryWrite(message))
                {
                    if (!await output.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
                    {
                        throw new ChannelClosedException();
                    }
                }
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
        catch (ChannelClosedException)
        {
            // The peer closed its input while we wrote: the connection is over either way.
        }
    }
}
