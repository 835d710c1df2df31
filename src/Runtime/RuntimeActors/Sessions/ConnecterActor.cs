using Akka.Actor;
using Akka.Event;
using RuntimeActors.Monitoring;
using RuntimeActors.Pipes;
using RuntimeActors.Sockets;

namespace RuntimeActors.Sessions;

/// <summary>
/// The endpoint actor of one connect: it owns the pipe that outlives connections (unless ZMQ_IMMEDIATE) and
/// supervises the connecting session. Reconnection is that supervision: a session that fails (refused, reset,
/// handshake error, connection lost) is stopped and re-created after the reconnect interval, doubling up to
/// ZMQ_RECONNECT_IVL_MAX, and back to the interval once a handshake succeeds. A failure the transport calls
/// permanent, or the loss of a PAIR connection, ends the endpoint instead.
/// </summary>
/// <remarks>
/// Akka's BackoffSupervisor has no hook for the monitor events (ConnectDelayed, ConnectRetried), for resetting
/// the delay when a handshake succeeds rather than after a time alive, or for logging a routine refusal below
/// Error: the connecter is the backoff supervisor itself, on Akka's supervision, death watch and timers.
/// </remarks>
internal sealed class ConnecterActor : ActorBase, IWithTimers
{
    private const string SessionName = "session";
    private static readonly object ReconnectKey = new();
    private readonly SocketContext _socket;
    private readonly ConnectTarget _target;
    private readonly string _endpoint;
    private readonly Pipe? _pipe;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef? _owesAnswer;
    private IActorRef? _session;
    private int _attempt;
    private Exception? _failure;
    private bool _permanent;

    /// <param name="socket">The socket.</param>
    /// <param name="target">Where to connect.</param>
    /// <param name="pipe">
    /// The pipe that outlives connections, already attached by the socket, or null (ZMQ_IMMEDIATE, ROUTER): attached
    /// by the socket before it answers the connect, so that a send right after the connect call queues for the peer.
    /// </param>
    /// <param name="owesAnswer">
    /// For a transport that connects immediately (inproc), who called connect: answered <see cref="Zmq.Connecting"/> once
    /// the first attempt connected, or the failure that made the connecter give up. Null when the socket answered already.
    /// </param>
    public ConnecterActor(SocketContext socket, ConnectTarget target, Pipe? pipe, IActorRef? owesAnswer)
    {
        _socket = socket;
        _target = target;
        _pipe = pipe;
        _owesAnswer = owesAnswer;
        _endpoint = target.Address.ToString();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SocketContext socket, ConnectTarget target, Pipe? pipe, IActorRef? owesAnswer) =>
        socket.WithDispatcher(Akka.Actor.Props.Create<ConnecterActor>(socket, target, pipe, owesAnswer));

    /// <summary>Whether a connect of this socket keeps a pipe across connections (messages queue while connecting).</summary>
    public static bool KeepsPipe(SocketContext socket) => !socket.Options.Immediate && socket.Type != SocketType.Router;

    protected override void PreStart() => StartSession();

    // Every failure stops the session; its Terminated decides between a delayed re-creation and giving up.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(RecordFailure, loggingEnabled: false);

    protected override void PostStop()
    {
        _owesAnswer?.Tell(new Status.Failure(new ZmqException(ZmqError.NotSocket, _endpoint, "the socket closed before the connection was made")), _socket.Socket);

        if (_pipe is not null)
        {
            _socket.Core.Detach(_pipe);
        }

        _socket.Publish(SocketEventKind.Closed, _endpoint);
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Terminated terminated when terminated.ActorRef.Equals(_session):
                OnSessionEnded();
                return true;
            case Reconnect:
                StartSession();
                return true;
            case SessionMessages.SessionConnected:
                _owesAnswer?.Tell(new Zmq.Connecting(_endpoint), _socket.Socket);
                _owesAnswer = null;
                return true;
            case SessionMessages.HandshakeSucceeded:
                // libzmq goes back to RECONNECT_IVL once a connection succeeded, not after some time alive.
                _attempt = 0;
                return true;
            case Terminated:
                return true;
            default:
                return false;
        }
    }

    private void StartSession()
    {
        _session = Context.Watch(Context.ActorOf(SessionActor.Connecting(_socket, _target, _pipe, Self), SessionName));
    }

    private Directive RecordFailure(Exception failure)
    {
        // A transport that refuses at once (inproc before its bind) throws in the session's PreStart, which Akka wraps.
        var cause = failure is ActorInitializationException { InnerException: { } inner } ? inner : failure;
        _failure = cause;
        _permanent = !IsTransient(cause);
        if (_permanent)
        {
            _log.Warning(cause, "Connecting to {0} failed for good: {1}", _endpoint, cause.Message);
        }
        else
        {
            // A refused or lost connection is routine for a connecting socket: the peer may come (back) later.
            _log.Info("Connection to {0} ended ({1}); reconnecting.", _endpoint, cause.Message);
        }

        return Directive.Stop;
    }

    private bool IsTransient(Exception failure) => failure switch
    {
        // zmq_socket(3): PAIR does not reconnect automatically.
        SessionEndedException { WasEstablished: true } when _socket.Type == SocketType.Pair => false,
        SessionEndedException => true,
        _ => _target.Transport.IsTransient(failure),
    };

    private void OnSessionEnded()
    {
        _session = null;
        var cause = _failure;
        var permanent = _permanent;
        _failure = null;
        _permanent = false;

        if (cause is null || permanent)
        {
            // A permanent failure (inproc's connect before bind, a lost PAIR connection), or a session that ended by
            // itself (the socket is closing): this endpoint is done.
            _owesAnswer?.Tell(new Status.Failure(AsZmqException(cause)), _socket.Socket);
            _owesAnswer = null;
            _socket.Socket.Tell(new SocketActor.ConnectGaveUp(_endpoint, cause), Self);
            Context.Stop(Self);
            return;
        }

        var delay = ReconnectBackoff.Compute(_attempt, _socket.Options.ReconnectInterval, _socket.Options.ReconnectIntervalMax, ReconnectBackoff.RandomFactor, Random.Shared.NextDouble());
        _attempt++;
        Timers.StartSingleTimer(ReconnectKey, Reconnect.Instance, delay);
        if (cause is not SessionEndedException { WasEstablished: true })
        {
            _socket.Publish(SocketEventKind.ConnectDelayed, _endpoint, cause);
        }

        _socket.Publish(SocketEventKind.ConnectRetried, _endpoint, cause, delay);
        RuntimeMetrics.ReconnectScheduled(_socket.MetricTagsFor(_endpoint));
    }

    private ZmqException AsZmqException(Exception? cause) =>
        cause as ZmqException ?? new ZmqException(ZmqError.ConnectionRefused, _endpoint, cause?.Message ?? "the connection failed", cause);

    private sealed class Reconnect : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Reconnect Instance { get; } = new();
    }
}
