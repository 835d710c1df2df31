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

    private ConnecterActor(SocketContext socket, ConnectTarget target, Pipe? pipe)
    {
        _socket = socket;
        _target = target;
        _pipe = pipe;
        _endpoint = target.Address.ToString();
    }

    /// <param name="socket">The socket.</param>
    /// <param name="target">Where to connect.</param>
    /// <param name="pipe">
    /// The pipe that outlives connections, already attached by the socket, or null (ZMQ_IMMEDIATE, ROUTER): attached
    /// by the socket before it answers the connect, so that a send right after the connect call queues for the peer.
    /// </param>
    public static Props Props(SocketContext socket, ConnectTarget target, Pipe? pipe) =>
        Actors.Props.Create(() => new ConnecterActor(socket, target, pipe));

    /// <summary>Whether a connect of this socket keeps a pipe across connections (messages queue while connecting).</summary>
    public static bool KeepsPipe(SocketContext socket) => !socket.Options.Immediate && socket.Type != SocketType.Router;

    protected override void PreStart()
    {
        var options = _socket.Options;
        var maxBackoff = options.ReconnectIntervalMax > options.ReconnectInterval ? options.ReconnectIntervalMax : options.ReconnectInterval;
        var backoff = new BackoffOptions(SessionActor.Connecting(_socket, _target, _pipe), "session", options.ReconnectInterval, maxBackoff, RandomFactor: 0.1)
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
            case BackoffSupervisor.GaveUp gaveUp:
                // The socket actor reports the permanent failure; this endpoint is done.
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
