using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using RuntimeActors.Pipes;
using RuntimeActors.Sockets;
using RuntimeActors.Wire;
using Pipe = RuntimeActors.Pipes.Pipe;

namespace RuntimeActors.Engine;

/// <summary>
/// Drives one ZMTP 3.1 connection over a duplex byte pipe: the greeting and NULL handshake
/// (<see cref="HandshakeAsync"/>), then the read and write loops that move messages between the
/// connection and a socket's <see cref="Pipe"/> (<see cref="RunAsync"/>).
/// </summary>
/// <remarks>
/// <para>
/// Reading: frame bodies are copied once, into an exact-size array the delivered message owns;
/// MAXMSGSIZE is checked on the header, before anything is allocated. Messages are handed to
/// <see cref="IEngineHost.DeliverAsync(Pipe, IReadOnlyList{ZMessage}, CancellationToken)"/> a decoded batch at a time and awaited, so a full socket stops the
/// engine reading and the transport pushes back on the peer.
/// </para>
/// <para>
/// Writing: the outbound queue is drained up to <see cref="MaxWriteBatch"/> messages at a time,
/// encoded straight into the transport's buffers and flushed once per batch (and every
/// <see cref="FlushThreshold"/> bytes inside a batch of large messages, so memory stays bounded).
/// </para>
/// <para>
/// Subscriptions, as libzmq 4.3.4 does them: a SUBSCRIBE/CANCEL message from a SUB or XSUB socket
/// goes to a ZMTP 3.1 peer as a SUBSCRIBE/CANCEL command and to a 3.0 peer as a message whose
/// first byte is 1/0. When our socket is PUB or XPUB, SUBSCRIBE/CANCEL commands and single-frame
/// messages starting with 1/0 (which libzmq's XSUB sends for user-written subscriptions, even to
/// 3.1 peers) are reported to <see cref="IEngineHost.OnSubscription"/>.
/// </para>
/// </remarks>
internal sealed partial class ZmtpEngine : IConnectionEngine
{
    /// <summary>The most outbound messages encoded between two waits on the queue.</summary>
    internal const int MaxWriteBatch = 256;

    /// <summary>The most inbound messages decoded from the transport before they are delivered.</summary>
    internal const int MaxReadBatch = 256;

    /// <summary>Unflushed bytes after which the write loop flushes even in the middle of a batch.</summary>
    internal const int FlushThreshold = 128 * 1024;

    private const int StateNew = 0;
    private const int StateHandshaking = 1;
    private const int StateReady = 2;
    private const int StateRunning = 3;
    private const int StateClosed = 4;

    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly ZmtpEngineOptions _options;
    private readonly string _endpoint;
    private readonly string _remoteAddress;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    [SuppressMessage("Performance", "CA1859", Justification = "The engine drives any IZmtpMechanism; PLAIN and CURVE will plug in here.")]
    private readonly IZmtpMechanism _mechanism;
    private readonly ZmtpFrameDecoder _decoder;
    private readonly bool _acceptsSubscriptions;
    private int _state;
    private bool _peerUsesSubscriptionCommands;

    /// <summary>Creates the engine for one connection; nothing is sent until <see cref="HandshakeAsync"/>.</summary>
    /// <param name="transport">The connection's bytes; the engine completes both halves when it is done with them.</param>
    /// <param name="options">Our socket's options.</param>
    /// <param name="endpoint">The bound or connected endpoint the connection belongs to.</param>
    /// <param name="remoteAddress">The remote end, for <see cref="PeerInfo"/>, errors and logs.</param>
    /// <param name="time">The clock for the handshake timeout and heartbeats.</param>
    /// <param name="logger">Where handshakes and closes are logged (Debug).</param>
    /// <exception cref="ArgumentException">The routing id is longer than 255 bytes or starts with a zero byte.</exception>
    public ZmtpEngine(IDuplexPipe transport, ZmtpEngineOptions options, string endpoint, string remoteAddress, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(remoteAddress);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _input = transport.Input;
        _output = transport.Output;
        _options = options;
        _endpoint = endpoint;
        _remoteAddress = remoteAddress;
        _time = time;
        _logger = logger;
        _mechanism = new NullMechanism(ZmtpMetadata.ForSocket(options.SocketType, options.RoutingId.Span));
        _decoder = new ZmtpFrameDecoder(options.MaxMessageSize);
        _acceptsSubscriptions = options.SocketType is SocketType.Pub or SocketType.XPub;
    }

    /// <summary>The peer, once <see cref="HandshakeAsync"/> has succeeded.</summary>
    public PeerInfo? Peer { get; private set; }

    /// <summary>
    /// Exchanges greetings and runs the NULL handshake. Our greeting goes out at once; the peer's is
    /// checked as its bytes arrive, so a peer that does not speak ZMTP 3.x is rejected after at most
    /// 11 bytes instead of after 64.
    /// </summary>
    /// <returns>The peer's socket type, routing id and ZMTP minor version.</returns>
    /// <exception cref="ZmtpProtocolException">
    /// The greeting is not ZMTP 3.x, names another mechanism, the peer's socket type cannot talk to
    /// ours, or the peer rejected us with ERROR. Where RFC 37 says so (a rejected READY), an ERROR
    /// command is sent before the connection is closed.
    /// </exception>
    /// <exception cref="TimeoutException">The handshake took longer than <see cref="ZmtpEngineOptions.HandshakeTimeout"/>.</exception>
    /// <exception cref="IOException">The transport failed or the peer closed the connection.</exception>
    /// <remarks>On any failure both halves of the transport are completed before the exception is thrown.</remarks>
    public async Task<PeerInfo> HandshakeAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, StateHandshaking, StateNew) != StateNew)
        {
            throw new InvalidOperationException("The ZMTP handshake runs once per connection.");
        }

        var timeoutLimit = _options.HandshakeTimeout;
        using var timeout = timeoutLimit > TimeSpan.Zero ? new CancellationTokenSource(timeoutLimit, _time) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var peer = await HandshakeCoreAsync(linked?.Token ?? cancellationToken).ConfigureAwait(false);
            Peer = peer;
            Volatile.Write(ref _state, StateReady);
            EngineLog.HandshakeCompleted(_logger, _remoteAddress, _endpoint, ZmtpSocketTypeNames.ToWireName(peer.SocketType), peer.ZmtpMinorVersion);
            return peer;
        }
        catch (Exception e)
        {
            Volatile.Write(ref _state, StateClosed);
            var failure = e is OperationCanceledException && timeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested
                ? new TimeoutException(
                    $"The ZMTP handshake with {_remoteAddress} on {_endpoint} did not complete within the handshake timeout of {timeoutLimit.TotalMilliseconds} ms (ZMQ_HANDSHAKE_IVL).",
                    e)
                : e;
            EngineLog.HandshakeFailed(_logger, _remoteAddress, _endpoint, failure.Message);
            await CompleteTransportAsync().ConfigureAwait(false);
            if (ReferenceEquals(failure, e))
            {
                throw;
            }

            throw failure;
        }
    }

    /// <summary>
    /// Runs the connection after a successful handshake: the read loop delivers the peer's
    /// messages and subscriptions to <paramref name="host"/>, the write loop sends what the socket
    /// queues in <paramref name="pipe"/>'s outbound queue, and heartbeats run if configured.
    /// </summary>
    /// <param name="pipe">The socket's pipe for this peer: its outbound queue is drained here, and deliveries are tagged with it.</param>
    /// <param name="host">The socket.</param>
    /// <param name="cancellationToken">
    /// Cancel for a graceful close: reading stops, what is already queued in the outbound queue is
    /// flushed, then the connection is closed. Completing the outbound queue does the same.
    /// </param>
    /// <returns>
    /// A task that completes when the connection is over: normally after a graceful close or when
    /// the peer closed the connection at a message boundary.
    /// </returns>
    /// <exception cref="ZmtpProtocolException">The peer broke the protocol (bad flags, a command with MORE, a frame over MAXMSGSIZE, a connection closed in the middle of a frame or message).</exception>
    /// <exception cref="TimeoutException">Heartbeats found the connection silent (ZMQ_HEARTBEAT_TIMEOUT, or the TTL of the peer's PING).</exception>
    /// <exception cref="IOException">The transport failed (for example the connection was reset).</exception>
    /// <remarks>When either loop ends the other is stopped, and both halves of the transport are completed before the task completes.</remarks>
    public async Task RunAsync(Pipe pipe, IEngineHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(host);
        if (Interlocked.CompareExchange(ref _state, StateRunning, StateReady) != StateReady)
        {
            throw new InvalidOperationException("RunAsync needs a successful handshake and runs once per connection.");
        }

        Exception? failure = null;
        var run = new RunState(this, cancellationToken);
        try
        {
            StartHeartbeats(run);

            // Both loops start on the thread pool so that neither runs on the caller's thread nor waits for the other to yield.
            var reading = Task.Run(() => ReadLoopAsync(pipe, host, run), CancellationToken.None);
            var writing = Task.Run(() => WriteLoopAsync(pipe, run), CancellationToken.None);
            var first = await Task.WhenAny(reading, writing).ConfigureAwait(false);
            var second = first == reading ? writing : reading;
            if (first == reading && !reading.IsFaulted && cancellationToken.IsCancellationRequested && !run.Abort.IsCancellationRequested)
            {
                // A graceful close stopped reading; the write loop flushes what is queued before the connection ends.
                await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            run.Stop();
            await second.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            failure = FaultOf(first) ?? run.Failure ?? FaultOf(second);
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
            await CompleteTransportAsync().ConfigureAwait(false);
            Volatile.Write(ref _state, StateClosed);
        }

        if (failure is not null)
        {
            EngineLog.ConnectionFailed(_logger, _remoteAddress, _endpoint, failure.Message);
            ExceptionDispatchInfo.Throw(failure);
        }

        EngineLog.ConnectionClosed(_logger, _remoteAddress, _endpoint, cancellationToken.IsCancellationRequested || pipe.Outbound.IsCompleted ? "closed by us" : "closed by the peer");
    }

    private static Exception? FaultOf(Task task) => task.IsFaulted ? task.Exception!.InnerException : null;

    private async Task<PeerInfo> HandshakeCoreAsync(CancellationToken cancellationToken)
    {
        // The as-server flag is the mechanism's: RFC 37 wants 0 with NULL, and libzmq 4.3.4 sends 0 on both sides.
        ZmtpGreeting.Write(_output.GetSpan(ZmtpGreeting.Length), _mechanism.Name, _mechanism.AsServer);
        _output.Advance(ZmtpGreeting.Length);
        await FlushHandshakeAsync(cancellationToken).ConfigureAwait(false);

        var greeting = await ReadGreetingAsync(cancellationToken).ConfigureAwait(false);
        _peerUsesSubscriptionCommands = greeting.UsesSubscriptionCommands;

        try
        {
            WriteMechanismCommands();
            await FlushHandshakeAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var result = await ReadTransportAsync(cancellationToken).ConfigureAwait(false);
                var done = ProcessHandshakeFrames(result.Buffer, out var consumed);

                // Frames the peer sent after its READY stay buffered for the read loop, so nothing past READY is examined.
                _input.AdvanceTo(consumed, done ? consumed : result.Buffer.End);
                if (WriteMechanismCommands())
                {
                    await FlushHandshakeAsync(cancellationToken).ConfigureAwait(false);
                }

                if (done)
                {
                    break;
                }

                if (result.IsCompleted)
                {
                    throw PeerClosedDuringHandshake();
                }
            }
        }
        catch (ZmtpProtocolException) when (_mechanism.Status == ZmtpMechanismStatus.Error)
        {
            // RFC 37: a peer whose READY we reject is told why (the mechanism holds the ERROR, if one is due).
            if (WriteMechanismCommands())
            {
                try
                {
                    await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Best effort: the handshake failure is what the caller needs to see.
                }
            }

            throw;
        }

        var metadata = _mechanism.PeerMetadata!;
        var minor = greeting.MajorVersion > ZmtpGreeting.VersionMajor ? ZmtpGreeting.VersionMinor : greeting.MinorVersion;
        return new PeerInfo(metadata.ReadSocketType(), metadata.Identity, _endpoint, _remoteAddress, minor);
    }

    private async Task<ZmtpPeerGreeting> ReadGreetingAsync(CancellationToken cancellationToken)
    {
        var greeting = new byte[ZmtpGreeting.Length];
        while (true)
        {
            var result = await ReadTransportAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var available = (int)Math.Min(buffer.Length, ZmtpGreeting.Length);
            buffer.Slice(0, available).CopyTo(greeting);

            // Check the signature and major version as far as they have arrived: an HTTP client or a
            // ZMTP 1.0/2.0 peer is turned away without waiting for 64 bytes it will never send.
            ZmtpGreeting.ValidatePrefix(greeting.AsSpan(0, available));
            if (available == ZmtpGreeting.Length)
            {
                var end = buffer.GetPosition(ZmtpGreeting.Length);
                _input.AdvanceTo(end, end);
                return ZmtpGreeting.Parse(greeting, _mechanism.Name);
            }

            if (result.IsCompleted)
            {
                throw PeerClosedDuringHandshake();
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Decodes handshake command frames until the mechanism is ready.</summary>
    /// <returns>True when the handshake is complete; <paramref name="consumed"/> is then just past the peer's READY.</returns>
    private bool ProcessHandshakeFrames(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (TryDecodeFrame(ref reader))
        {
            if (!_decoder.Header.IsCommand)
            {
                throw new ZmtpProtocolException(
                    ZmtpError.UnexpectedCommand,
                    $"peer sent a {_decoder.BodyLength}-byte message frame before completing the {_mechanism.Name} handshake; only commands are allowed until READY");
            }

            _mechanism.ProcessCommand(_body.AsSpan(0, _decoder.BodyLength));
            WriteMechanismCommands();
            if (_mechanism.Status == ZmtpMechanismStatus.Ready)
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
        while (_mechanism.TryWriteNextCommand(_output))
        {
            wrote = true;
        }

        return wrote;
    }

    private async ValueTask FlushHandshakeAsync(CancellationToken cancellationToken)
    {
        if (!await FlushTransportAsync(cancellationToken).ConfigureAwait(false))
        {
            throw PeerClosedDuringHandshake();
        }
    }

    private IOException PeerClosedDuringHandshake() =>
        new($"{_remoteAddress} closed the connection on {_endpoint} during the ZMTP handshake.");

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> ReadTransportAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not IOException)
        {
            throw new IOException($"Reading from {_remoteAddress} on {_endpoint} failed: {e.Message}", e);
        }
    }

    /// <summary>Flushes the transport's writer.</summary>
    /// <returns>False when the transport no longer takes data (its reading side has completed).</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FlushTransportAsync(CancellationToken cancellationToken)
    {
        _unflushed = 0;
        FlushResult result;
        try
        {
            result = await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not IOException)
        {
            throw new IOException($"Writing to {_remoteAddress} on {_endpoint} failed: {e.Message}", e);
        }

        return !result.IsCompleted;
    }

    /// <summary>
    /// Completes both halves of the transport, without an exception: the transport decides how to
    /// close, and an in-process peer must not mistake our failure for its own.
    /// </summary>
    private async ValueTask CompleteTransportAsync()
    {
        try
        {
            await _input.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The connection is being abandoned; there is nothing more to do with it.
        }

        try
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // As above.
        }
    }
}
