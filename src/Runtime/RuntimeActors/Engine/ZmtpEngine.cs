using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using RuntimeActors.Pipes;
using RuntimeActors.Security;
using RuntimeActors.Sockets;
using RuntimeActors.Wire;
using Pipe = RuntimeActors.Pipes.Pipe;

namespace RuntimeActors.Engine;

/// <summary>
/// Drives one ZMTP 3.1 connection over a duplex byte pipe (libzmq's zmtp_engine role): the handshake
/// (<see cref="HandshakeAsync"/>, by <see cref="ZmtpHandshake"/> and the connection's security mechanism), then the
/// read and write loops that move messages between the connection and a socket's <see cref="Pipe"/>
/// (<see cref="RunAsync"/>), decoding with <see cref="ZmtpMessageDecoder"/> and encoding with
/// <see cref="ZmtpMessageEncoder"/>, and heartbeats.
/// </summary>
/// <remarks>
/// <para>
/// Reading: frame bodies are copied once, into pooled memory the delivered message owns, which grows with the bytes
/// that arrive rather than with the size a header announces (ZmtpMessageDecoder); MAXMSGSIZE is checked on the
/// header. Under CURVE each frame is opened in place in that memory. Messages are handed to
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
/// 3.1 peers) are reported to <see cref="IEngineHost.OnSubscriptionAsync"/>.
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

    /// <summary>Bodies from this size up go between the transport and the message's memory directly, where the transport can.</summary>
    internal const int DirectBodyThreshold = 16 * 1024;

    private const int StateNew = 0;
    private const int StateHandshaking = 1;
    private const int StateReady = 2;
    private const int StateRunning = 3;
    private const int StateClosed = 4;

    private readonly ZmtpConnection _connection;
    private readonly ZmtpEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ZmtpMessageDecoder _decoder;
    private readonly ZmtpMessageEncoder _encoder;
    private readonly ZmtpHandshake _handshake;
    private int _state;

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
        _connection = new ZmtpConnection(transport, endpoint, remoteAddress);
        _options = options;
        _time = time;
        _logger = logger;
        _decoder = new ZmtpMessageDecoder(options.MaxMessageSize, acceptsSubscriptions: options.SocketType is SocketType.Pub or SocketType.XPub);
        _encoder = new ZmtpMessageEncoder(_connection);
        var mechanism = ZmtpMechanisms.Create(options.SocketType, options.RoutingId.Span, options.Security, remoteAddress);
        _handshake = new ZmtpHandshake(_connection, _decoder, mechanism, options.Security.Zap);
    }

    /// <summary>The peer, once <see cref="HandshakeAsync"/> has succeeded.</summary>
    public PeerInfo? Peer { get; private set; }

    /// <summary>
    /// Exchanges greetings and runs the security handshake (NULL, PLAIN or CURVE, with ZAP). Our greeting goes out at once; the peer's is
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
            var peer = await _handshake.RunAsync(linked?.Token ?? cancellationToken).ConfigureAwait(false);
            _decoder.Handshaking = false;
            _encoder.PeerUsesSubscriptionCommands = _handshake.PeerUsesSubscriptionCommands;
            _encoder.Cipher = _handshake.Mechanism.Cipher;
            _decoder.Cipher = _handshake.Mechanism.Cipher;
            _decoder.Properties = peer.Properties;
            Peer = peer;
            Volatile.Write(ref _state, StateReady);
            EngineLog.HandshakeCompleted(_logger, _connection.RemoteAddress, _connection.Endpoint, ZmtpSocketTypeNames.ToWireName(peer.SocketType), peer.ZmtpMinorVersion);
            return peer;
        }
        catch (Exception e)
        {
            Volatile.Write(ref _state, StateClosed);
            var failure = e is OperationCanceledException && timeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested
                ? new TimeoutException(
                    $"The ZMTP handshake with {_connection.RemoteAddress} on {_connection.Endpoint} did not complete within the handshake timeout of {timeoutLimit.TotalMilliseconds} ms (ZMQ_HANDSHAKE_IVL).",
                    e)
                : e;
            EngineLog.HandshakeFailed(_logger, _connection.RemoteAddress, _connection.Endpoint, failure.Message);
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
            EngineLog.ConnectionFailed(_logger, _connection.RemoteAddress, _connection.Endpoint, failure.Message);
            ExceptionDispatchInfo.Throw(failure);
        }

        EngineLog.ConnectionClosed(_logger, _connection.RemoteAddress, _connection.Endpoint, cancellationToken.IsCancellationRequested || pipe.Outbound.IsCompleted ? "closed by us" : "closed by the peer");
    }

    private static Exception? FaultOf(Task task) => task.IsFaulted ? task.Exception!.InnerException : null;

    private ValueTask CompleteTransportAsync() => _connection.CompleteAsync();
}
