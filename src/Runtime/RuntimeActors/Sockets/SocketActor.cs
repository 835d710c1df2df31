using Akka.Actor;
using Akka.Event;
using RuntimeActors.Actors;
using RuntimeActors.Monitoring;
using RuntimeActors.Pipes;
using RuntimeActors.Sessions;
using RuntimeActors.Transports;

namespace RuntimeActors.Sockets;

/// <summary>
/// A socket as an Akka.NET actor: it owns one endpoint actor per bind (a listener) and per connect (a connecter), and
/// answers the commands of <see cref="Zmq"/>. Messages of the .NET face do not pass through it: they travel between
/// the caller, the socket's <see cref="SocketCore"/> and the connection engines through bounded pipes. The actor face
/// sends with Akka.IO's flow control (<see cref="Zmq.Send"/> acks, <see cref="Zmq.SendFailed"/> at the high-water
/// mark) and, for a socket created with a receiver actor, receives in pull mode (a window of unacknowledged
/// <see cref="Zmq.Received"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor disposes what it owns in PostStop, the end of its life.")]
internal sealed partial class SocketActor : ActorBase, IWithTimers
{
    private readonly SocketContext _socket;
    private readonly IActorRef? _receiver;
    private readonly Dictionary<string, IActorRef> _listeners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _connecters = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<IActorRef, (IActorRef ReplyTo, object Reply)> _removals = [];

    /// <summary>Binds whose listener has not been handled yet: stopping abandons them (closing what they bind) and fails their callers.</summary>
    private readonly Dictionary<PendingResource<ITransportListener>, (Zmq.Bind Request, IActorRef ReplyTo)> _binding = [];
    private int _nextChild;

    public SocketActor(SocketContext socket, IActorRef? receiver)
    {
        _socket = socket;
        _receiver = receiver;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SocketContext socket, IActorRef? receiver) =>
        socket.WithDispatcher(Akka.Actor.Props.Create<SocketActor>(socket, receiver!));

    /// <summary>A connecter gave up for good (a permanent failure, or a lost PAIR connection).</summary>
    internal sealed record ConnectGaveUp(string Endpoint, Exception? Cause) : INoSerializationVerificationNeeded;

    // What the actor tells itself carries live objects and never leaves the node: serialize-messages skips it. A bind
    // that completes after the socket stopped is no news (its listener is closed by PendingResource): no dead letter.
    private sealed record Listening(PendingResource<ITransportListener> Bind, ITransportListener Listener) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    private sealed record ListenFailed(PendingResource<ITransportListener> Bind, Exception Cause) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    // A failing child must not take the socket's other endpoints down; endpoint actors handle their own failures.
    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    protected override void PreStart()
    {
        _socket.Socket = Self;
        if (_receiver is not null)
        {
            Context.Watch(_receiver);
            PumpReceived();
        }
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _socket.Core.Close();
        foreach (var (pending, (request, replyTo)) in _binding)
        {
            pending.Abandon();
            replyTo.Tell(new Status.Failure(new ZmqException(ZmqError.NotSocket, request.Endpoint, "the socket was closed before the bind completed")));
        }

        // Children stop before their parent's PostStop: the addresses are released by now, so a caller may bind them again.
        AnswerCloseRequesters();
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Zmq.Send send:
                OnSend(send);
                return true;
            case Zmq.ReceiveAck ack:
                OnReceiveAck(ack);
                return true;
            case Pumped pumped:
                OnPumped(pumped);
                return true;
            case PumpFailed failed:
                OnPumpFailed(failed);
                return true;
            case Zmq.Bind bind:
                OnBind(bind);
                return true;
            case Listening listening:
                OnListening(listening);
                return true;
            case ListenFailed failed:
                _binding.Remove(failed.Bind, out var request);
                _socket.Publish(SocketEventKind.BindFailed, request.Request.Endpoint, failed.Cause);
                request.ReplyTo.Tell(new Status.Failure(AsZmqException(failed.Cause, request.Request.Endpoint)), Self);
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
            case Terminated terminated when terminated.ActorRef.Equals(_receiver):
                // Nobody takes what the socket receives any more: the socket goes, as a connection actor whose handler died.
                BeginClose();
                return true;
            case Terminated terminated:
                if (_removals.Remove(terminated.ActorRef, out var removal))
                {
                    removal.ReplyTo.Tell(removal.Reply, Self);
                }

                RemoveValue(_connecters, terminated.ActorRef);
                RemoveValue(_listeners, terminated.ActorRef);
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
            case Zmq.GetStatus:
                Sender.Tell(Status(), Self);
                return true;
            default:
                return OnWritingMessage(message) || OnCloseMessage(message);
        }
    }

    private Zmq.SocketStatus Status()
    {
        var (peers, inbound) = _socket.Core.Status();
        return new Zmq.SocketStatus(_socket.Type, [.. _listeners.Keys], [.. _connecters.Keys], peers, inbound, _socket.Core.DroppedAtHighWaterMark);
    }

    private void OnBind(Zmq.Bind bind)
    {
        var replyTo = Sender;
        try
        {
            var (transport, address) = _socket.Transports.Resolve(bind.Endpoint, EndpointUse.Bind);
            if (transport is IMulticastTransport multicast)
            {
                // zmq_bind(3): binding a pgm or epgm endpoint joins the group as connecting does; there is no listener.
                var endpoint = address.ToString();
                _listeners[endpoint] = OpenMulticast(multicast, address);
                _socket.Publish(SocketEventKind.Listening, endpoint);
                replyTo.Tell(new Zmq.Bound(endpoint), Self);
                return;
            }

            var pending = PendingResource<ITransportListener>.Start(
                transport.ListenAsync(address, _stopping.Token),
                Self,
                success: static (listener, pending) => new Listening(pending, listener),
                failure: static (cause, pending) => new ListenFailed(pending, cause),
                onDisposeFailed: (listener, e) => Context.System.Log.Warning(e, "Closing the listener {0}, bound as its socket closed, failed.", listener.Endpoint));
            _binding.Add(pending, (bind, replyTo));
        }
        catch (ZmqException e)
        {
            _socket.Publish(SocketEventKind.BindFailed, bind.Endpoint, e);
            replyTo.Tell(new Status.Failure(e), Self);
        }
    }

    private void OnListening(Listening listening)
    {
        _binding.Remove(listening.Bind, out var bind);
        var endpoint = listening.Listener.Endpoint;
        _listeners[endpoint] = Context.Watch(Context.ActorOf(ListenerActor.Props(_socket, listening.Listener), $"listener-{++_nextChild}"));
        _socket.Publish(SocketEventKind.Listening, endpoint);
        bind.ReplyTo.Tell(new Zmq.Bound(endpoint), Self);
    }

    private void OnConnect(Zmq.Connect connect)
    {
        try
        {
            var (transport, address) = _socket.Transports.Resolve(connect.Endpoint, EndpointUse.Connect);
            var endpoint = address.ToString();
            if (transport is IMulticastTransport multicast)
            {
                _connecters[endpoint] = OpenMulticast(multicast, address);
                Sender.Tell(new Zmq.Connecting(endpoint), Self);
                return;
            }

            Pipe? pipe = null;
            if (ConnecterActor.KeepsPipe(_socket))
            {
                pipe = _socket.NewPipe(endpoint);
                _socket.Core.Attach(pipe);
            }

            // inproc connects at once, so its caller learns whether the name is bound (zmq_connect(3)'s ECONNREFUSED).
            var owesAnswer = transport.ConnectsImmediately ? Sender : null;
            _connecters[endpoint] = Context.Watch(Context.ActorOf(ConnecterActor.Props(_socket, new ConnectTarget(transport, address), pipe, owesAnswer), $"connecter-{++_nextChild}"));
            if (owesAnswer is null)
            {
                Sender.Tell(new Zmq.Connecting(endpoint), Self);
            }
        }
        catch (ZmqException e)
        {
            Sender.Tell(new Status.Failure(e), Self);
        }
    }

    /// <summary>
    /// The endpoint actor of a multicast endpoint, bound or connected alike: a connecter whose session opens the group
    /// (a sender or a receiver) and is re-created after a failure, as a connection is. Its pipe outlives those failures
    /// and, for a publisher, is subscribed to everything at once, since PGM carries no subscriptions (libzmq's
    /// subscribe_to_all): what is sent before the group is open waits in it.
    /// </summary>
    /// <exception cref="ZmqException">ENOCOMPATPROTO: the socket type cannot use the transport.</exception>
    private IActorRef OpenMulticast(IMulticastTransport transport, TransportAddress address)
    {
        var endpoint = address.ToString();
        if (!transport.Supports(_socket.Type))
        {
            throw new ZmqException(
                ZmqError.IncompatibleProtocol,
                endpoint,
                $"a {Wire.ZmtpSocketTypeNames.ToWireName(_socket.Type)} socket cannot use {transport.Name}://, which carries PUB and XPUB to SUB and XSUB only");
        }

        var pipe = _socket.NewPipe(endpoint);
        pipe.Peer = Engine.MulticastEngine.GroupPeer(_socket.Type is SocketType.Pub or SocketType.XPub, endpoint);
        _socket.Core.Attach(pipe);
        _socket.Core.SubscribeToEverything(pipe);
        return Context.Watch(Context.ActorOf(ConnecterActor.Props(_socket, new ConnectTarget(transport, address), pipe, owesAnswer: null), $"connecter-{++_nextChild}"));
    }

    private void RemoveEndpoint(Dictionary<string, IActorRef> endpoints, string endpoint, string what, object reply)
    {
        if (endpoints.Remove(endpoint, out var child))
        {
            // Answered once the endpoint actor has stopped, so that the address is free when the caller goes on.
            _removals[child] = (Sender, reply);
            Context.Stop(child);
        }
        else
        {
            Sender.Tell(new Status.Failure(new ZmqException(ZmqError.NoSuchEndpoint, endpoint, $"the socket is not {what} to this endpoint")), Self);
        }
    }

    private static void RemoveValue(Dictionary<string, IActorRef> endpoints, IActorRef child)
    {
        foreach (var (endpoint, actor) in endpoints)
        {
            if (actor.Equals(child))
            {
                endpoints.Remove(endpoint);
                return;
            }
        }
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

    private static ZmqException AsZmqException(Exception cause, string endpoint) =>
        cause as ZmqException ?? new ZmqException(ZmqError.InvalidArgument, endpoint, cause.Message, cause);
}
