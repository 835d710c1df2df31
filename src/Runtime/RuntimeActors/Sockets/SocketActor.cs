using RuntimeActors.Actors;
using RuntimeActors.Monitoring;
using RuntimeActors.Sessions;
using RuntimeActors.Transports;

namespace RuntimeActors.Sockets;

/// <summary>
/// A socket as an actor: it owns one endpoint actor per bind (a listener) and per connect (a connecter), and
/// answers the commands of <see cref="Zmq"/>. Messages themselves do not pass through it: they travel between
/// the caller, the socket's <see cref="SocketCore"/> and the connection engines through bounded pipes. Only a
/// socket created with a receiver actor pumps received messages to that actor as <see cref="Zmq.Received"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor disposes what it owns in PostStop, the end of its life.")]
internal sealed partial class SocketActor : ActorBase
{
    private readonly SocketContext _socket;
    private readonly IActorRef? _receiver;
    private readonly Dictionary<string, IActorRef> _listeners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _connecters = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, (IActorRef ReplyTo, object Reply)> _releasing = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _nextChild;
    private Task _pendingSend = Task.CompletedTask;

    private SocketActor(SocketContext socket, IActorRef? receiver)
    {
        _socket = socket;
        _receiver = receiver;
    }

    public static Props Props(SocketContext socket, IActorRef? receiver) =>
        Actors.Props.Create(() => new SocketActor(socket, receiver));

    /// <summary>A connecter gave up for good (a permanent failure, or a lost PAIR connection).</summary>
    internal sealed record ConnectGaveUp(string Endpoint, Exception? Cause);

    private sealed record Listening(Zmq.Bind Request, IActorRef ReplyTo, ITransportListener Listener);

    private sealed record ListenFailed(Zmq.Bind Request, IActorRef ReplyTo, Exception Cause);

    private sealed record Pumped(ZMessage Message);

    // A failing child must not take the socket's other endpoints down; endpoint actors handle their own failures.
    protected override SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.Stopping;

    protected override void PreStart()
    {
        _socket.Socket = Self;
        if (_receiver is not null)
        {
            PumpNext();
        }
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _socket.Core.Close();

        // Every endpoint actor has stopped by now, so the addresses are free when the callers hear back.
        foreach (var (replyTo, reply) in _releasing.Values)
        {
            replyTo.Tell(reply, Self);
        }

        foreach (var requester in _closeRequesters)
        {
            requester.Tell(Zmq.Closed.Instance, Self);
        }
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Zmq.Bind bind:
                OnBind(bind);
                return true;
            case Listening listening:
                OnListening(listening);
                return true;
            case ListenFailed failed:
                _socket.Publish(SocketEventKind.BindFailed, failed.Request.Endpoint, failed.Cause);
                failed.ReplyTo.Tell(new Status.Failure(AsZmqException(failed.Cause, failed.Request.Endpoint)), Self);
                return true;
            case Zmq.Connect connect:
                OnConnect(connect);
                return true;
            case Zmq.Unbind unbind:
                RemoveEndpoint(_listeners, unbind.Endpoint, "bound", new Zmq.Unbound(unbind.Endpoint));
                return true;
            case Zmq.Disconnect disconnect:
                RemoveEndpoint(_connecters, disconnect.Endpoint, "connected", new Zmq.Disconnected(disconnect.Endpoint));
                return true;
            case ConnectGaveUp gaveUp:
                _connecters.Remove(gaveUp.Endpoint);
                return true;
            case Terminated terminated when _releasing.Remove(terminated.ActorRef, out var released):
                released.ReplyTo.Tell(released.Reply, Self);
                return true;
            case Zmq.Send send:
                OnSend(send);
                return true;
            case Zmq.Subscribe subscribe:
                Try(() => _socket.Core.SetSubscription(true, subscribe.Topic));
                return true;
            case Zmq.Unsubscribe unsubscribe:
                Try(() => _socket.Core.SetSubscription(false, unsubscribe.Topic));
                return true;
            case Zmq.Monitor monitor:
                _socket.Monitor.AddListener(monitor.Listener);
                return true;
            case Pumped pumped:
                _receiver!.Tell(new Zmq.Received(pumped.Message), Self);
                PumpNext();
                return true;
            case Status.Failure { Cause: ZmqException { Error: ZmqError.NotSocket } or OperationCanceledException }:
                // The receive pump ends with the socket.
                return true;
            default:
                return OnCloseMessage(message);
        }
    }

    private void OnBind(Zmq.Bind bind)
    {
        var replyTo = Sender;
        try
        {
            var (transport, address) = _socket.Transports.Resolve(bind.Endpoint, EndpointUse.Bind);
            transport.ListenAsync(address, _stopping.Token).AsTask().PipeTo(
                Self,
                success: listener => new Listening(bind, replyTo, listener),
                failure: cause => new ListenFailed(bind, replyTo, cause));
        }
        catch (ZmqException e)
        {
            _socket.Publish(SocketEventKind.BindFailed, bind.Endpoint, e);
            replyTo.Tell(new Status.Failure(e), Self);
        }
    }

    private void OnListening(Listening listening)
    {
        var endpoint = listening.Listener.Endpoint;
        _listeners[endpoint] = Context.ActorOf(ListenerActor.Props(_socket, listening.Listener), $"listener-{++_nextChild}");
        _socket.Publish(SocketEventKind.Listening, endpoint);
        listening.ReplyTo.Tell(new Zmq.Bound(endpoint), Self);
    }

    private void OnConnect(Zmq.Connect connect)
    {
        try
        {
            var (transport, address) = _socket.Transports.Resolve(connect.Endpoint, EndpointUse.Connect);
            var endpoint = address.ToString();
            _connecters[endpoint] = Context.ActorOf(ConnecterActor.Props(_socket, new ConnectTarget(transport, address)), $"connecter-{++_nextChild}");
            Sender.Tell(new Zmq.Connecting(endpoint), Self);
        }
        catch (ZmqException e)
        {
            Sender.Tell(new Status.Failure(e), Self);
        }
    }

    private void RemoveEndpoint(Dictionary<string, IActorRef> endpoints, string endpoint, string what, object reply)
    {
        if (endpoints.Remove(endpoint, out var child))
        {
            // Answer once the endpoint actor has stopped: its listener or connection is released by then, so the
            // caller can bind the address again at once and no peer is accepted after unbind returned.
            Context.Watch(child);
            _releasing[child] = (Sender, reply);
            Context.Stop(child);
        }
        else
        {
            Sender.Tell(new Status.Failure(new ZmqException(ZmqError.NoSuchEndpoint, endpoint, $"the socket is not {what} to this endpoint")), Self);
        }
    }

    private void OnSend(Zmq.Send send)
    {
        var replyTo = Sender;
        var self = Self;
        var core = _socket.Core;
        var timeout = _socket.Options.SendTimeout;
        var token = _stopping.Token;

        // A send that waits at the high-water mark must not let later sends overtake it.
        _pendingSend = _pendingSend.IsCompleted
            ? core.SendAsync(send.Message, timeout, token).AsTask()
            : _pendingSend.ContinueWith(_ => core.SendAsync(send.Message, timeout, token).AsTask(), token, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        _pendingSend.ContinueWith(
            failed => replyTo.Tell(new Status.Failure(failed.Exception!.GetBaseException()), self),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    private void Try(Action action)
    {
        try
        {
            action();
        }
        catch (ZmqException e)
        {
            Sender.Tell(new Status.Failure(e), Self);
        }
    }

    private void PumpNext() =>
        _socket.Core.ReceiveAsync(Timeout.InfiniteTimeSpan, _stopping.Token).AsTask()
            .PipeTo(Self, success: received => new Pumped(received));

    private static ZmqException AsZmqException(Exception cause, string endpoint) =>
        cause as ZmqException ?? new ZmqException(ZmqError.InvalidArgument, endpoint, cause.Message, cause);
}
