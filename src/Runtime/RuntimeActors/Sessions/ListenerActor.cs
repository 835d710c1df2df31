using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using RuntimeActors.Actors;
using RuntimeActors.Logging;
using RuntimeActors.Monitoring;
using RuntimeActors.Sockets;
using RuntimeActors.Transports;

namespace RuntimeActors.Sessions;

/// <summary>
/// The endpoint actor of one bind: it accepts connections and gives each its own session, which it
/// supervises with Stop (an accepted connection that fails is simply gone). Stopping it (unbind or close)
/// releases the address and closes the connections it accepted. With <see cref="SocketOptions.MaxConnections"/> it
/// keeps at most that many sessions (those still in their handshake too, which HandshakeInterval ends): a connection
/// accepted beyond is closed at once, and a session that ends frees its place.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor disposes what it owns in PostStop, the end of its life.")]
internal sealed class ListenerActor : ActorBase, IWithTimers
{
    private readonly SocketContext _socket;
    private readonly ITransportListener _listener;
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly object RetryAcceptKey = new();

    // A peer that keeps connecting beyond the bound must not flood the log as well: one line a second, with the count.
    private static readonly TimeSpan RefusalLogInterval = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _log = new AkkaLogger(Context.GetLogger());

    /// <summary>The sessions alive now, counted to keep <see cref="SocketOptions.MaxConnections"/>.</summary>
    private int _sessions;

    /// <summary>Connections closed at once because <see cref="SocketOptions.MaxConnections"/> sessions were alive.</summary>
    private long _refused;
    private long _refusalLoggedAt;

    /// <summary>The accept in flight, until its result is handled: stopping abandons it, closing what it accepts.</summary>
    private PendingResource<ITransportConnection>? _accepting;

    public ListenerActor(SocketContext socket, ITransportListener listener)
    {
        _socket = socket;
        _listener = listener;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    // An accepted session that fails is simply gone: a connecting peer reconnects by itself.
    public static Props Props(SocketContext socket, ITransportListener listener) =>
        socket.WithDispatcher(Akka.Actor.Props.Create<ListenerActor>(socket, listener)).WithSupervisorStrategy(Akka.Actor.SupervisorStrategy.StoppingStrategy);

    protected override void PreStart() => AcceptNext();

    protected override void PostStop()
    {
        _stopping.Cancel();
        _accepting?.Abandon();
        try
        {
            // Waited for here so that the address is free once the socket reports the unbind or close; listeners
            // release synchronously (close a socket, unlink a path).
            _listener.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException or ZmqException)
        {
            _log.LogListenerDisposeFailed(_listener.Endpoint, e);
        }

        _stopping.Dispose();
        _socket.Publish(SocketEventKind.Closed, _listener.Endpoint);
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Accepted(var connection):
                _accepting = null;
                if (_socket.Options.MaxConnections > 0 && _sessions >= _socket.Options.MaxConnections)
                {
                    Refuse(connection);
                }
                else
                {
                    _socket.Publish(SocketEventKind.Accepted, _listener.Endpoint);
                    // Watched so that a session that ends, however it ends, frees its place.
                    Context.Watch(Context.ActorOf(SessionActor.Accepted(_socket, _listener.Endpoint, connection)));
                    _sessions++;
                }

                AcceptNext();
                return true;
            case Terminated:
                _sessions--;
                return true;
            case AcceptFailed { Cause: OperationCanceledException }:
                _accepting = null;
                return true;
            case AcceptFailed failure:
                _accepting = null;
                // An accept error (e.g. out of descriptors) must not end the bind: log it and accept again after a
                // pause, so that a lasting error does not spin.
                _log.LogAcceptFailed(_listener.Endpoint, failure.Cause);
                Timers.StartSingleTimer(RetryAcceptKey, RetryAccept.Instance, AcceptRetryDelay);
                return true;
            case RetryAccept:
                AcceptNext();
                return true;
            default:
                return false;
        }
    }

    /// <summary>A connection beyond the bound is closed before any byte is read or sent, and gets no session.</summary>
    private void Refuse(ITransportConnection connection)
    {
        _refused++;
        _socket.CountRefusedConnection();
        var now = Environment.TickCount64;
        if (_refused == 1 || now - _refusalLoggedAt >= (long)RefusalLogInterval.TotalMilliseconds)
        {
            _refusalLoggedAt = now;
            _log.LogConnectionRefused(Self.Path.ToString(), _listener.Endpoint, connection.RemoteEndpoint, _socket.Options.MaxConnections, _refused);
        }

        var endpoint = _listener.Endpoint;
        _ = connection.DisposeAsync().AsTask().ContinueWith(
            (t, state) => SocketLog.DisposeFailed((ILogger)state!, t.Exception!.GetBaseException(), connection.RemoteEndpoint, endpoint),
            _log,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    private sealed class RetryAccept : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static RetryAccept Instance { get; } = new();
    }

    private void AcceptNext() =>
        _accepting = PendingResource<ITransportConnection>.Start(
            _listener.AcceptAsync(_stopping.Token),
            Self,
            success: static (connection, _) => new Accepted(connection),
            failure: static (cause, _) => new AcceptFailed(cause),
            onDisposeFailed: (connection, e) => SocketLog.DisposeFailed(_log, e, connection.RemoteEndpoint, _listener.Endpoint));

    // What the accept task reports carries live objects and never leaves the node: serialize-messages skips it. A
    // result that finds the listener stopped is no news (PendingResource closes the connection), so no dead letter.
    private sealed record Accepted(ITransportConnection Connection) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    private sealed record AcceptFailed(Exception Cause) : INoSerializationVerificationNeeded, IDeadLetterSuppression;
}
