using Microsoft.Extensions.Logging;
using RuntimeActors.Actors;
using RuntimeActors.Monitoring;
using RuntimeActors.Pipes;
using RuntimeActors.Sockets;

namespace RuntimeActors.Sessions;

/// <summary>
/// The endpoint actor of one connect: it owns the pipe that outlives connections (unless ZMQ_IMMEDIATE) and
/// a backoff supervisor whose child is the connecting session. Reconnection is that supervisor's work: a
/// session that fails (refused, reset, handshake error, connection lost) is re-created after the reconnect
/// interval, doubling up to ZMQ_RECONNECT_IVL_MAX. A failure the transport calls permanent, or the loss of a
/// PAIR connection, ends the endpoint instead.
/// </summary>
internal sealed class ConnecterActor : ActorBase
{
    private readonly SocketContext _socket;
    private readonly ConnectTarget _target;
    private readonly string _endpoint;
    private readonly Pipe? _pipe;
    private IActorRef? _owesAnswer;

    private ConnecterActor(SocketContext socket, ConnectTarget target, Pipe? pipe, IActorRef? owesAnswer)
    {
        _socket = socket;
        _target = target;
        _pipe = pipe;
        _owesAnswer = owesAnswer;
        _endpoint = target.Address.ToString();
    }

    /// <param name="socket">The socket.</param>
    /// <param name="target">Where to connect.</param>
    /// <param name="pipe">
    /// The pipe that outlives connections, already attached by the socket, or null (ZMQ_IMMEDIATE, ROUTER): attached
    /// by the socket before it answers the connect, so that a send right after the connect call queues for the peer.
    /// </param>
    /// <param name="owesAnswer">
    /// For a transport that connects immediately (inproc), who called connect: answered <see cref="Zmq.Connecting"/> once
    /// the first attempt connected, or the failure that made the supervisor give up. Null when the socket answered already.
    /// </param>
    public static Props Props(SocketContext socket, ConnectTarget target, Pipe? pipe, IActorRef? owesAnswer) =>
        Actors.Props.Create(() => new ConnecterActor(socket, target, pipe, owesAnswer));

    /// <summary>Whether a connect of this socket keeps a pipe across connections (messages queue while connecting).</summary>
    public static bool KeepsPipe(SocketContext socket) => !socket.Options.Immediate && socket.Type != SocketType.Router;

    protected override void PreStart()
    {
        var options = _socket.Options;
        var maxBackoff = options.ReconnectIntervalMax > options.ReconnectInterval ? options.ReconnectIntervalMax : options.ReconnectInterval;
        var backoff = new BackoffOptions(SessionActor.Connecting(_socket, _target, _pipe, Self), "session", options.ReconnectInterval, maxBackoff, RandomFactor: 0.1)
        {
            Listener = Self,
            Decider = Decide,
            FailureLogLevel = cause => Decide(cause) == Directive.Restart ? LogLevel.Information : LogLevel.Warning,
            // libzmq goes back to RECONNECT_IVL once a connection succeeded, not after some time alive: the session
            // sends Reset when its handshake completes.
            ResetAfter = Timeout.InfiniteTimeSpan,
        };
        Context.Watch(Context.ActorOf(BackoffSupervisor.Props(backoff), "reconnect"));
    }

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
            case BackoffSupervisor.RestartScheduled scheduled:
                if (scheduled.Cause is SessionEndedException { WasEstablished: true })
                {
                    _socket.Publish(SocketEventKind.ConnectRetried, _endpoint, scheduled.Cause, scheduled.Delay);
                }
                else
                {
                    _socket.Publish(SocketEventKind.ConnectDelayed, _endpoint, scheduled.Cause);
                    _socket.Publish(SocketEventKind.ConnectRetried, _endpoint, scheduled.Cause, scheduled.Delay);
                }

                return true;
            case SessionMessages.SessionConnected:
                _owesAnswer?.Tell(new Zmq.Connecting(_endpoint), _socket.Socket);
                _owesAnswer = null;
                return true;
            case BackoffSupervisor.GaveUp gaveUp:
                // A permanent failure (inproc's connect before bind, a lost PAIR connection): this endpoint is done.
                _owesAnswer?.Tell(new Status.Failure(AsZmqException(gaveUp.Cause)), _socket.Socket);
                _owesAnswer = null;
                _socket.Socket.Tell(new SocketActor.ConnectGaveUp(_endpoint, gaveUp.Cause), Self);
                return true;
            case BackoffSupervisor.ChildStarted:
                return true;
            case Terminated:
                Context.Stop(Self);
                return true;
            default:
                return false;
        }
    }

    private ZmqException AsZmqException(Exception? cause) =>
        cause as ZmqException ?? new ZmqException(ZmqError.ConnectionRefused, _endpoint, cause?.Message ?? "the connection failed", cause);

    private Directive Decide(Exception failure)
    {
        if (failure is SessionEndedException { WasEstablished: true } && _socket.Type == SocketType.Pair)
        {
            // zmq_socket(3): PAIR does not reconnect automatically.
            return Directive.Stop;
        }

        if (failure is SessionEndedException)
        {
            return Directive.Restart;
        }

        return _target.Transport.IsTransient(failure) ? Directive.Restart : Directive.Stop;
    }
}
