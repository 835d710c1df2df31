using System.Buffers;
using RuntimeActors.Messages;
using RuntimeActors.Pipes;
using RuntimeActors.Security;
using RuntimeActors.Wire;

namespace RuntimeActors.Engine;

/// <summary>
/// The handshake of one ZMTP connection: the greetings, then the security mechanism's commands (libzmq's mechanism
/// role, driven as zmtp_engine drives it) until the mechanism is ready, asking ZAP (<paramref name="zap"/>) whenever
/// the mechanism has a request for it.
/// </summary>
internal sealed class ZmtpHandshake(ZmtpConnection connection, ZmtpMessageDecoder decoder, IZmtpMechanism mechanism, IZapClient? zap)
{
    /// <summary>Whether commands were written since the last flush.</summary>
    private bool _unflushed;

    /// <summary>The peer's greeting said it speaks ZMTP 3.1 subscriptions (commands), once <see cref="RunAsync"/> succeeded.</summary>
    public bool PeerUsesSubscriptionCommands { get; private set; }

    /// <summary>The mechanism, whose <see cref="IZmtpMechanism.Cipher"/> the data phase uses.</summary>
    public IZmtpMechanism Mechanism => mechanism;

    /// <summary>
    /// Sends our greeting, checks the peer's as its bytes arrive (a peer that does not speak ZMTP 3.x is rejected after
    /// at most 11 bytes instead of after 64), then exchanges the mechanism's commands.
    /// </summary>
    /// <returns>The peer's socket type, routing id and ZMTP minor version.</returns>
    /// <exception cref="ZmtpProtocolException">
    /// The greeting is not ZMTP 3.x, names another mechanism, the peer's socket type cannot talk to ours, the peer
    /// rejected us with ERROR, or the mechanism failed. Where the mechanism owes the peer an ERROR, it is sent first.
    /// </exception>
    /// <exception cref="ZmtpAuthenticationException">ZAP refused the peer, or the peer refused us with a ZAP status.</exception>
    /// <exception cref="ZmqException">The mechanism needs a ZAP handler and none is installed.</exception>
    /// <exception cref="IOException">The transport failed or the peer closed the connection.</exception>
    public async Task<PeerInfo> RunAsync(CancellationToken cancellationToken)
    {
        // The as-server flag is the mechanism's: RFC 37 wants 0 with NULL. libzmq 4.3.4 sends 0 on both sides whatever
        // the mechanism and ignores the peer's, so ours is never checked against the role.
        ZmtpGreeting.Write(connection.Output.GetSpan(ZmtpGreeting.Length), mechanism.Name, mechanism.AsServer);
        connection.Output.Advance(ZmtpGreeting.Length);
        await FlushAsync(cancellationToken).ConfigureAwait(false);

        var greeting = await ReadGreetingAsync(cancellationToken).ConfigureAwait(false);
        PeerUsesSubscriptionCommands = greeting.UsesSubscriptionCommands;

        try
        {
            await AdvanceMechanismAsync(cancellationToken).ConfigureAwait(false);
            while (mechanism.Status != ZmtpMechanismStatus.Ready)
            {
                var result = await connection.ReadAsync(cancellationToken).ConfigureAwait(false);
                var stopped = ProcessCommandFrames(result.Buffer, out var consumed);

                // Frames the peer sent after its last handshake command stay buffered: the read loop (or, while ZAP is
                // asked, the next round) takes them, so nothing past the command just processed is examined.
                connection.Input.AdvanceTo(consumed, stopped ? consumed : result.Buffer.End);
                await AdvanceMechanismAsync(cancellationToken).ConfigureAwait(false);
                if (!stopped && result.IsCompleted && mechanism.Status != ZmtpMechanismStatus.Ready)
                {
                    throw PeerClosed();
                }
            }
        }
        catch (Exception e) when (e is ZmtpProtocolException or ZmtpAuthenticationException or ZmqException && mechanism.Status == ZmtpMechanismStatus.Error)
        {
            // The peer is told why, where the mechanism owes it an ERROR (a rejected READY, a ZAP 400 or 500).
            if (WriteMechanismCommands())
            {
                try
                {
                    await connection.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Best effort: the handshake failure is what the caller needs to see.
                }
            }

            throw;
        }

        var metadata = mechanism.PeerMetadata!;
        var minor = greeting.MajorVersion > ZmtpGreeting.VersionMajor ? ZmtpGreeting.VersionMinor : greeting.MinorVersion;
        var properties = new MessageProperties(ZmtpMechanisms.ZapAddress(connection.RemoteAddress), mechanism.ZapResult, metadata);
        return new PeerInfo(metadata.ReadSocketType(), metadata.Identity, connection.Endpoint, connection.RemoteAddress, minor) { Properties = properties };
    }

    /// <summary>Writes what the mechanism has to say, answering its ZAP requests first, and flushes.</summary>
    private async ValueTask AdvanceMechanismAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            WriteMechanismCommands();
            if (_unflushed)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (mechanism.PendingZapRequest is not { } request || mechanism.Status == ZmtpMechanismStatus.Error)
            {
                return;
            }

            var reply = zap is null ? null : await zap.AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
            mechanism.OnZapReply(reply);
        }
    }

    private async Task<ZmtpPeerGreeting> ReadGreetingAsync(CancellationToken cancellationToken)
    {
        var greeting = new byte[ZmtpGreeting.Length];
        while (true)
        {
            var result = await connection.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var available = (int)Math.Min(buffer.Length, ZmtpGreeting.Length);
            buffer.Slice(0, available).CopyTo(greeting);

            // Check the signature and major version as far as they have arrived: an HTTP client or a
            // ZMTP 1.0/2.0 peer is turned away without waiting for 64 bytes it will never send.
            ZmtpGreeting.ValidatePrefix(greeting.AsSpan(0, available));
            if (available == ZmtpGreeting.Length)
            {
                var end = buffer.GetPosition(ZmtpGreeting.Length);
                connection.Input.AdvanceTo(end, end);
                return ZmtpGreeting.Parse(greeting, mechanism.Name);
            }

            if (result.IsCompleted)
            {
                throw PeerClosed();
            }

            connection.Input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Decodes handshake command frames until the mechanism is ready or waits for ZAP.</summary>
    /// <returns>
    /// True when processing stopped before the end of the buffer's frames: the handshake is complete or ZAP must be
    /// asked; <paramref name="consumed"/> is then just past the last command processed.
    /// </returns>
    private bool ProcessCommandFrames(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        // The decoder refuses data frames and oversized commands at their headers while it is handshaking.
        while (decoder.TryDecodeFrame(ref reader))
        {
            mechanism.ProcessCommand(decoder.CommandBody);
            WriteMechanismCommands();
            if (mechanism.Status == ZmtpMechanismStatus.Ready || mechanism.PendingZapRequest is not null)
            {
                consumed = reader.Position;
                return true;
            }
        }

        consumed = reader.Position;
        return false;
    }

    /// <summary>Writes every command the mechanism has ready (READY, or ERROR after a failure).</summary>
    /// <returns>Whether anything was written.</returns>
    private bool WriteMechanismCommands()
    {
        var wrote = false;
        while (mechanism.TryWriteNextCommand(connection.Output))
        {
            wrote = true;
            _unflushed = true;
        }

        return wrote;
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        _unflushed = false;
        if (!await connection.FlushAsync(cancellationToken).ConfigureAwait(false))
        {
            throw PeerClosed();
        }
    }

    private IOException PeerClosed() =>
        new($"{connection.RemoteAddress} closed the connection on {connection.Endpoint} during the ZMTP handshake.");
}
