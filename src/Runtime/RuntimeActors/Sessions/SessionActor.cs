using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using RuntimeActors.Actors;
using RuntimeActors.Logging;
using RuntimeActors.Engine;
using RuntimeActors.Monitoring;
using RuntimeActors.Pipes;
using RuntimeActors.Sockets;
using RuntimeActors.Transports;
using RuntimeActors.Wire;
using static RuntimeActors.Sessions.SessionMessages;

namespace RuntimeActors.Sessions;

/// <summary>
/// One connection of a socket: it (for a connecting socket) opens the connection, runs the ZMTP handshake,
/// joins the connection to the socket's data path through a pipe, and runs the engine until the connection
/// ends. A connecting session then fails on purpose, so that its backoff supervisor reconnects it; an
/// accepted session just stops.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor disposes what it owns in PostStop, the end of its life.")]
internal sealed class SessionActor : ActorBase
{
    private readonly SocketContext _socket;
    private readonly string _endpoint;
    private readonly ConnectTarget? _target;
    private readonly Pipe? _persistentPipe;
    private readonly IActorRef? _connecter;
    private readonly CancellationTokenSource _stopping = new();
    private ITransportConnection? _connection;
    private IConnectionEngine? _engine;
    private Pipe? _pipe;
    private readonly ILogger _log = new AkkaLogger(Context.GetLogger());
    private bool _attached;
    private readonly MetricTags _metricTags;
    private bool _countedOpen;

    /// <summary>The connect in flight, until its result is handled: stopping abandons it, closing what it connects.</summary>
    private PendingResource<ITransportConnection>? _connecting;

    public SessionActor(SocketContext socket, string endpoint, ITransportConnection? accepted, ConnectTarget? target, Pipe? persistentPipe, IActorRef? connecter)
    {
        _connecter = connecter;
        _socket = socket;
        _endpoint = endpoint;
        _connection = accepted;
        _target = target;
        _persistentPipe = persistentPipe;
        _metricTags = socket.MetricTagsFor(endpoint);
    }

    private bool IsConnecting => _target is not null;

    /// <summary>A session for a connection accepted on a bound endpoint.</summary>
    public static Props Accepted(SocketContext socket, string endpoint, ITransportConnection connection) =>
        socket.WithDispatcher(Props.Create<SessionActor>(socket, endpoint, connection, null!, null!, null!));

    /// <summary>
    /// A session that connects to <paramref name="target"/>, feeding <paramref name="pipe"/> if it outlives connections,
    /// and tells <paramref name="connecter"/> <see cref="SessionConnected"/> once the transport connected.
    /// </summary>
    public static Props Connecting(SocketContext socket, ConnectTarget target, Pipe? pipe, IActorRef connecter) =>
        socket.WithDispatcher(Props.Create<SessionActor>(socket, target.Address.ToString(), null!, target, pipe!, connecter));

    protected override void PreStart()
    {
        if (_target is { } target)
        {
            var connecting = target.Transport is IMulticastTransport multicast
                ? OpenMulticastAsync(multicast, target.Address)
                : target.Transport.ConnectAsync(target.Address, _stopping.Token);
            _connecting = PendingResource<ITransportConnection>.Start(
                connecting,
                Self,
                success: static (connection, _) => new ConnectionEstablished(connection),
                failure: static (cause, _) => new ConnectFailed(cause),
                onDisposeFailed: (connection, e) => SocketLog.DisposeFailed(_log, e, connection.RemoteEndpoint, _endpoint));
        }
        else
        {
            StartHandshake();
        }
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case ConnectionEstablished established:
                _connecting = null;
                _connection = established.Connection;
                _connecter?.Tell(SessionConnected.Instance, Self);
                _socket.Publish(SocketEventKind.Connected, _endpoint);
                StartHandshake();
                return true;
            case HandshakeCompleted completed:
                OnHandshakeCompleted(completed.Peer);
                return true;
            case HandshakeRejected rejected:
                PublishHandshakeFailure(rejected.Cause);
                SocketLog.HandshakeFailed(_log, _connection?.RemoteEndpoint ?? "?", _endpoint, rejected.Cause.Message);
                EndSession(new SessionEndedException(_endpoint, "handshake failed", rejected.Cause));
                return true;
            case EngineStopped stopped:
                OnEngineStopped(stopped.Cause);
                return true;
            case ConnectFailed failed:
                _connecting = null;
                // The connect attempt failed: the supervisor decides between a delayed retry and giving up.
                throw failed.Cause;
            default:
                return false;
        }
    }

    protected override void PostStop()
    {
        if (_countedOpen)
        {
            // Here rather than at Disconnected: a session stopped with its socket may end before its engine reports.
            RuntimeMetrics.ConnectionClosed(_metricTags);
        }

        _stopping.Cancel();
        _connecting?.Abandon();
        DetachPipe();
        if (_connection is { } connection)
        {
            _ = connection.DisposeAsync().AsTask().ContinueWith(
                (t, state) => SocketLog.DisposeFailed((ILogger)state!, t.Exception!.GetBaseException(), connection.RemoteEndpoint, _endpoint),
                _log,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default);
        }

        _stopping.Dispose();
    }

    private async ValueTask<ITransportConnection> OpenMulticastAsync(IMulticastTransport transport, TransportAddress address) =>
        await transport.OpenAsync(address, _socket.Options.ToMulticastSettings(_socket.Type), _stopping.Token).ConfigureAwait(false);

    private void StartHandshake()
    {
        var connection = _connection!;
        var options = _socket.EngineOptions(asServer: !IsConnecting) with { MetricTags = _metricTags };
        _engine = connection switch
        {
            IStreamConnection stream => new ZmtpEngine(stream.Transport, options, _endpoint, connection.RemoteEndpoint, TimeProvider.System, _log),
            IMessageConnection messages => new MessageEngine(messages, options, _endpoint, _log),
            IMulticastConnection multicast => new MulticastEngine(multicast, _endpoint, PublishLoss, _log),
            _ => throw new NotSupportedException($"{connection.GetType().Name} is neither a stream nor a message connection."),
        };
        _engine.HandshakeAsync(_stopping.Token)
            .PipeTo(Self, success: peer => new HandshakeCompleted(peer), failure: cause => new HandshakeRejected(cause));
    }

    private void OnHandshakeCompleted(PeerInfo peer)
    {
        var pipe = _persistentPipe ?? NewPipe(peer);
        if (_persistentPipe is not null)
        {
            _socket.Core.OnConnected(pipe, peer);
            if (_connection is IMulticastConnection)
            {
                // A publisher's lost connection took the pipe's subscriptions with it; PGM carries none to replay.
                _socket.Core.SubscribeToEverything(pipe);
            }
        }
        else if (!_socket.Core.Attach(pipe))
        {
            var reason = $"the {Wire.ZmtpSocketTypeNames.ToWireName(_socket.Type)} socket takes no further peer (exclusive PAIR or duplicate routing id)";
            SocketLog.PeerRefused(_log, Self.Path.ToString(), _endpoint, reason);
            _socket.Publish(SocketEventKind.HandshakeFailed, _endpoint, new ZmqException(ZmqError.ProtocolError, _endpoint, reason));
            RuntimeMetrics.HandshakeFailed(_metricTags, "refused");
            EndSession(new SessionEndedException(_endpoint, reason, null));
            return;
        }

        _pipe = pipe;
        _attached = true;
        if (IsConnecting)
        {
            // A success brings the connecter's reconnect delay back to the minimum.
            _connecter!.Tell(HandshakeSucceeded.Instance, Self);
        }

        _socket.Publish(SocketEventKind.HandshakeSucceeded, _endpoint);
        RuntimeMetrics.HandshakeSucceeded(_metricTags);
        RuntimeMetrics.ConnectionOpened(_metricTags);
        _countedOpen = true;
        _engine!.RunAsync(pipe, _socket.Core, _stopping.Token)
            .PipeTo(Self, success: () => new EngineStopped(null), failure: cause => new EngineStopped(cause));
    }

    /// <summary>Called on the engine's thread: the monitor takes events from any thread.</summary>
    private void PublishLoss(MulticastLoss loss)
    {
        SocketLog.MulticastDataLost(_log, _endpoint, loss.Source, loss.LostPackets, loss.Reason);
        _socket.Publish(new SocketEvent(
            SocketEventKind.MulticastDataLoss,
            _socket.Socket,
            _endpoint,
            new ZmqException(ZmqError.ProtocolError, _endpoint, $"{loss.LostPackets} packet(s) from {loss.Source} could not be repaired: {loss.Reason}"),
            Value: (int)Math.Min(loss.LostPackets, int.MaxValue)));
    }

    private Pipe NewPipe(PeerInfo peer)
    {
        var pipe = _socket.NewPipe(_endpoint);
        pipe.Peer = peer;
        return pipe;
    }

    /// <summary>The monitor event libzmq would raise: the protocol error or ZAP status code where there is one.</summary>
    private void PublishHandshakeFailure(Exception cause)
    {
        RuntimeMetrics.HandshakeFailed(_metricTags, cause switch
        {
            ZmtpProtocolException => "protocol",
            ZmtpAuthenticationException => "auth",
            _ => "other",
        });
        switch (cause)
        {
            case ZmtpProtocolException protocol:
                _socket.Publish(new SocketEvent(SocketEventKind.HandshakeFailedProtocol, _socket.Socket, _endpoint, cause, Value: (int)protocol.ProtocolError));
                break;
            case ZmtpAuthenticationException auth:
                _socket.Publish(new SocketEvent(SocketEventKind.HandshakeFailedAuth, _socket.Socket, _endpoint, cause, Value: auth.StatusCode));
                break;
            default:
                _socket.Publish(SocketEventKind.HandshakeFailed, _endpoint, cause);
                break;
        }
    }

    private void OnEngineStopped(Exception? cause)
    {
        if (cause is ZmtpProtocolException { RaisedByMechanism: true })
        {
            // As libzmq 4.3.4: a MESSAGE box that CURVE refuses (tampered, replayed, malformed) raises
            // HANDSHAKE_FAILED_PROTOCOL with its code even after the handshake, then DISCONNECTED.
            PublishHandshakeFailure(cause);
        }

        _socket.Publish(SocketEventKind.Disconnected, _endpoint, cause);
        SocketLog.ConnectionEnded(_log, _connection?.RemoteEndpoint ?? "?", _endpoint, cause?.Message ?? "closed by the peer");
        if (_pipe is { Outbound.IsCompleted: true })
        {
            // The socket is closing and the engine flushed what was queued: nothing to reconnect.
            Context.Stop(Self);
            return;
        }

        EndSession(new SessionEndedException(_endpoint, cause is null ? "the peer closed the connection" : cause.Message, cause) { WasEstablished = true });
    }

    /// <summary>
    /// A connecting session fails so that its supervisor reconnects (or gives up, for PAIR); an accepted one stops.
    /// </summary>
    private void EndSession(Exception reason)
    {
        if (IsConnecting)
        {
            throw reason;
        }

        Context.Stop(Self);
    }

    private void DetachPipe()
    {
        if (_pipe is null || !_attached)
        {
            return;
        }

        _attached = false;
        if (_persistentPipe is null)
        {
            _socket.Core.Detach(_pipe);
        }
        else
        {
            // Without ZMQ_IMMEDIATE the pipe outlives the connection: messages queue for the reconnect.
            _socket.Core.OnDisconnected(_pipe);
        }
    }
}
