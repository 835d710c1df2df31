using Microsoft.Extensions.Logging;
using RuntimeActors.Messages;
using RuntimeActors.Pipes;
using RuntimeActors.Transports;
using RuntimeActors.Wire;
using Pipe = RuntimeActors.Pipes.Pipe;

namespace RuntimeActors.Engine;

/// <summary>
/// The engine of a multicast endpoint (<see cref="IMulticastConnection"/>: pgm, epgm), libzmq's pgm_sender and
/// pgm_receiver in one: no handshake and no subscriptions on the wire. A sender takes the socket's messages to the
/// group; a receiver hands the socket what the group's senders sent, each message whole, and reports what could not
/// be repaired. Both drop what the socket puts in the pipe that the other direction would need (a SUB's
/// subscriptions, which the SUB applies itself; an XSUB's messages), as libzmq's pgm_receiver drops them.
/// </summary>
internal sealed class MulticastEngine(IMulticastConnection connection, string endpoint, Action<MulticastLoss> onLoss, ILogger logger) : IConnectionEngine
{
    private const int MaxBatch = 256;

    public Task<PeerInfo> HandshakeAsync(CancellationToken cancellationToken)
    {
        var peer = GroupPeer(connection.IsSender, endpoint);
        EngineLog.HandshakeCompleted(logger, connection.RemoteEndpoint, endpoint, ZmtpSocketTypeNames.ToWireName(peer.SocketType), 0);
        return Task.FromResult(peer);
    }

    /// <summary>
    /// The peer a multicast pipe stands for: the group, as a subscriber to a sender and a publisher to a receiver. A
    /// pipe has it from the start (a publisher sends to a pipe only once it has a peer), since there is no handshake
    /// to wait for: libzmq creates a pgm pipe at once, whatever ZMQ_IMMEDIATE says.
    /// </summary>
    public static PeerInfo GroupPeer(bool sender, string endpoint) =>
        new(sender ? SocketType.Sub : SocketType.Pub, ReadOnlyMemory<byte>.Empty, endpoint, endpoint, ZmtpMinorVersion: 0);

    public async Task RunAsync(Pipe pipe, IEngineHost host, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] tasks = connection.IsSender
            ? [SendAsync(pipe, stop.Token)]
            : [ReceiveAsync(pipe, host, stop.Token), DropOutboundAsync(pipe, stop.Token)];
        var losses = connection.IsSender ? Task.CompletedTask : ReportLossesAsync(stop.Token);
        Task first;
        try
        {
            // The first to end ends the endpoint: the socket closed its pipe, or the transport failed or closed.
            first = await Task.WhenAny(tasks).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        foreach (var task in tasks.Append(losses).Where(task => task != first))
        {
            await ObserveAfterStopAsync(task).ConfigureAwait(false);
        }

        await first.ConfigureAwait(false);
        EngineLog.ConnectionClosed(logger, connection.RemoteEndpoint, endpoint, "closed");
    }

    /// <summary>The socket's messages to the group until the pipe is completed and drained (a close with linger).</summary>
    private async Task SendAsync(Pipe pipe, CancellationToken cancellationToken)
    {
        var batch = new List<ZMessage>();
        while (await pipe.Outbound.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Clear();
            pipe.Outbound.ReadBatch(batch, MaxBatch);
            foreach (var message in batch)
            {
                if (message.Kind == MessageKind.Data)
                {
                    await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
                }

                // Encoded by now, into packets that keep bytes of their own.
                message.Recycle();
                pipe.Outbound.Release(1);
            }

            if (pipe.Outbound.Count == 0)
            {
                // Nothing more queued: the packet being filled goes now rather than wait for messages that may not come,
                // as libzmq's pgm_sender sends an APDU once the pipe has nothing more for it.
                await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The group's messages to the socket, a batch at a time, waiting while the socket is full.</summary>
    private async Task ReceiveAsync(Pipe pipe, IEngineHost host, CancellationToken cancellationToken)
    {
        var received = connection.Received;
        var batch = new List<ZMessage>();
        while (await received.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && received.TryRead(out var message))
            {
                batch.Add(message);
            }

            await host.DeliverAsync(pipe, batch, cancellationToken).ConfigureAwait(false);
        }

        // A channel completed with an error rethrows it above; a clean completion is the transport closing.
    }

    private async Task ReportLossesAsync(CancellationToken cancellationToken)
    {
        await foreach (var loss in connection.Losses.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            onLoss(loss);
        }
    }

    /// <summary>What a receiving socket puts in its pipe (subscriptions, an XSUB's messages) has nowhere to go over PGM.</summary>
    private static async Task DropOutboundAsync(Pipe pipe, CancellationToken cancellationToken)
    {
        var batch = new List<ZMessage>();
        while (await pipe.Outbound.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Clear();
            pipe.Outbound.ReadBatch(batch, MaxBatch);
            foreach (var message in batch)
            {
                message.Recycle();
            }

            pipe.Outbound.Release(batch.Count);
        }

        // The socket closed the pipe: the endpoint ends with it.
    }

    /// <summary>Waits for a task stopped with the endpoint; a failure of its own, secondary to the end, is logged.</summary>
    private async Task ObserveAfterStopAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            EngineLog.ConnectionFailed(logger, connection.RemoteEndpoint, endpoint, e.Message);
        }
    }
}
