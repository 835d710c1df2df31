using System.Buffers;
using RuntimeActors.Pipes;
using RuntimeActors.Wire;

namespace RuntimeActors.Engine;

/// <summary>
/// The handshake of one ZMTP connection: the greetings, then the security mechanism's commands (libzmq's mechanism
/// role, driven as zmtp_engine drives it) until the mechanism is ready. NULL is the mechanism today; PLAIN and CURVE
/// plug in as other <see cref="IZmtpMechanism"/>s.
/// </summary>
internal sealed class ZmtpHandshake(ZmtpConnection connection, ZmtpMessageDecoder decoder, IZmtpMechanism mechanism)
{
    /// <summary>The peer's greeting said it speaks ZMTP 3.1 subscriptions (commands), once <see cref="RunAsync"/> succeeded.</summary>
    public bool PeerUsesSubscriptionCommands { get; private set; }

    /// <summary>
    /// Sends our greeting, checks the peer's as its bytes arrive (a peer that does not speak ZMTP 3.x is rejected after
    /// at most 11 bytes instead of after 64), then exchanges the mechanism's commands.
    /// </summary>
    /// <returns>The peer's socket type, routing id and ZMTP minor version.</returns>
    /// <exception cref="ZmtpProtocolException">
    /// The greeting is not ZMTP 3.x, names another mechanism, the peer's socket type cannot talk to ours, or the peer
    /// rejected us with ERROR. Where RFC 37 says so (a rejected READY), an ERROR command is sent first.
    /// </exception>
    /// <exception cref="IOException">The transport failed or the peer closed the connection.</exception>
    public async Task<PeerInfo> RunAsync(CancellationToken cancellationToken)
    {
        // The as-server flag is the mechanism's: RFC 37 wants 0 with NULL, and libzmq 4.3.4 sends 0 on both sides.
        ZmtpGreeting.Write(connection.Output.GetSpan(ZmtpGreeting.Length), mechanism.Name, mechanism.AsServer);
        connection.Output.Advance(ZmtpGreeting.Length);
        await FlushAsync(cancellationToken).ConfigureAwait(false);

        var greeting = await ReadGreetingAsync(cancellationToken).ConfigureAwait(false);
        PeerUsesSubscriptionCommands = greeting.UsesSubscriptionCommands;

        try
        {
            WriteMechanismCommands();
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var result = await connection.ReadAsync(cancellationToken).ConfigureAwait(false);
                var done = ProcessCommandFrames(result.Buffer, out var consumed);

                // Frames the peer sent after its READY stay buffered for the read loop, so nothing past READY is examined.
                connection.Input.AdvanceTo(consumed, done ? consumed : result.Buffer.End);
                if (WriteMechanismCommands())
                {
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                if (done)
                {
                    break;
                }

                if (result.IsCompleted)
                {
                    throw PeerClosed();
                }
            }
        }
        catch (ZmtpProtocolException) when (mechanism.Status == ZmtpMechanismStatus.Error)
        {
            // RFC 37: a peer whose READY we reject is told why (the mechanism holds the ERROR, if one is due).
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
        return new PeerInfo(metadata.ReadSocketType(), metadata.Identity, connection.Endpoint, connection.RemoteAddress, minor);
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

    /// <summary>Decodes handshake command frames until the mechanism is ready.</summary>
    /// <returns>True when the handshake is complete; <paramref name="consumed"/> is then just past the peer's READY.</returns>
    private bool ProcessCommandFrames(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (decoder.TryDecodeFrame(ref reader))
        {
            if (!decoder.Header.IsCommand)
            {
                throw new ZmtpProtocolException(
                    ZmtpError.UnexpectedCommand,
                    $"peer sent a {decoder.BodyLength}-byte message frame before completing the {mechanism.Name} handshake; only commands are allowed until READY");
            }

            mechanism.ProcessCommand(decoder.CommandBody);
            WriteMechanismCommands();
            if (mechanism.Status == ZmtpMechanismStatus.Ready)
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
        }

        return wrote;
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (!await connection.FlushAsync(cancellationToken).ConfigureAwait(false))
        {
            throw PeerClosed();
        }
    }

    private IOException PeerClosed() =>
        new($"{connection.RemoteAddress} closed the connection on {connection.Endpoint} during the ZMTP handshake.");
}
