using System.Text;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;

namespace RuntimeActors.Cluster;

/// <summary>The actor behind <see cref="ZeroMqTopicBridge"/>: its sockets and topic subscribers are its children.</summary>
internal sealed class TopicBridgeActor : ActorBase
{
    // A topic frame that is not UTF-8 names no cluster topic: it is refused instead of being renamed with U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ZeroMqTopicBridgeSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<string> _outboundBound = [];
    private readonly List<string> _inboundBound = [];
    private readonly List<IActorRef> _waitingForEndpoints = [];
    private IActorRef _mediator = ActorRefs.Nobody;
    private IActorRef? _outbound;
    private IActorRef? _inbound;
    private int _pendingBinds;
    private int _pendingSubscriptions;

    public TopicBridgeActor(ZeroMqTopicBridgeSettings settings) => _settings = settings;

    private bool IsReady => _pendingBinds == 0 && _pendingSubscriptions == 0;

    // A socket's actor cannot be restarted on its closed socket: any failure below restarts the bridge, which makes both sockets anew.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);

    protected override void PreStart()
    {
        var runtime = SocketRuntime.Get(Context.System);
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        if (_settings.Outbound.IsUsed)
        {
            var outbound = _settings.Outbound;
            var xpub = outbound.SocketType == SocketType.XPub;
            // An XPUB delivers its peers' subscriptions: the bridge takes them (and drops them) so they never fill its queue.
            _outbound = Context.Watch(Context.ActorOf(runtime.SocketProps(outbound.SocketType, Options(runtime, outbound.Options), xpub ? Self : null), "outbound-socket"));
            Start(_outbound, outbound.Binds, outbound.Connects);
            for (var i = 0; i < outbound.Topics.Count; i++)
            {
                _pendingSubscriptions++;
                Context.ActorOf(OutboundTopicActor.Props(outbound.Topics[i], _mediator), $"topic-{i + 1}");
            }
        }

        if (_settings.Inbound.IsUsed)
        {
            var inbound = _settings.Inbound;
            _inbound = Context.Watch(Context.ActorOf(runtime.SocketProps(SocketType.Sub, Options(runtime, inbound.Options), Self), "inbound-socket"));
            foreach (var prefix in inbound.Prefixes)
            {
                _inbound.Tell(new Zmq.Subscribe(Encoding.UTF8.GetBytes(prefix)));
            }

            Start(_inbound, inbound.Binds, inbound.Connects);
        }
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Zmq.Received received when Sender.Equals(_inbound):
                OnInbound(received.Message);
                return true;
            case Zmq.Received:
                // An XPUB peer's (un)subscription: the bridge sends its topics whoever listens.
                Sender.Tell(Zmq.ReceiveAck.One);
                return true;
            case OutboundTopicActor.Outgoing outgoing:
                OnOutgoing(outgoing);
                return true;
            case Zmq.SendFailed failed:
                _log.Warning("Dropped a message for ZeroMQ topic '{0}': {1} ({2})", TopicOf(failed.Message), failed.Error, failed.Reason);
                return true;
            case Zmq.Bound bound:
                (Sender.Equals(_outbound) ? _outboundBound : _inboundBound).Add(bound.Endpoint);
                _pendingBinds--;
                AnswerIfReady();
                return true;
            case Zmq.Connecting:
                return true;
            case OutboundTopicActor.Subscribed subscribed:
                _log.Debug("Subscribed to cluster topic '{0}'", subscribed.Topic);
                _pendingSubscriptions--;
                AnswerIfReady();
                return true;
            case ZeroMqTopicBridge.GetEndpoints:
                _waitingForEndpoints.Add(Sender);
                AnswerIfReady();
                return true;
            case Status.Failure failure:
                // A bind or connect that failed (the address in use, an unknown transport): the bridge is not what it was asked to be.
                throw failure.Cause as ZmqException ?? new ZmqException(ZmqError.InvalidArgument, null, failure.Cause.Message, failure.Cause);
            case Terminated terminated:
                throw new ZmqException(ZmqError.NotSocket, null, $"the bridge's socket {terminated.ActorRef.Path.Name} stopped");
            default:
                return false;
        }
    }

    private void Start(IActorRef socket, IList<string> binds, IList<string> connects)
    {
        foreach (var endpoint in binds)
        {
            _pendingBinds++;
            socket.Tell(new Zmq.Bind(endpoint));
        }

        foreach (var endpoint in connects)
        {
            socket.Tell(new Zmq.Connect(endpoint));
        }
    }

    private void OnInbound(ZMessage message)
    {
        try
        {
            if (message.Count == 0 || message[0].IsEmpty)
            {
                _log.Warning("Dropped a ZeroMQ message without a topic frame: it names no cluster topic");
                return;
            }

            string topic;
            try
            {
                topic = StrictUtf8.GetString(message[0].Span);
            }
            catch (DecoderFallbackException)
            {
                _log.Warning("Dropped a ZeroMQ message whose topic frame ({0} bytes) is not UTF-8", message[0].Length);
                return;
            }

            // As itself, so that its own outbound subscriber of this topic knows not to send it out again.
            _mediator.Tell(new Publish(topic, message), Self);
        }
        finally
        {
            _inbound.Tell(Zmq.ReceiveAck.One);
        }
    }

    private void OnOutgoing(OutboundTopicActor.Outgoing outgoing)
    {
        var message = new ZMessage().Append(outgoing.Topic);
        switch (outgoing.Payload)
        {
            case ZMessage body:
                foreach (var frame in body)
                {
                    message.Append(frame);
                }

                break;
            case byte[] bytes:
                message.Append(bytes);
                break;
            case ReadOnlyMemory<byte> bytes:
                message.Append(bytes);
                break;
            case string text:
                message.Append(text);
                break;
            default:
                _log.Warning(
                    "Dropped a {0} published to topic '{1}': the bridge sends ZMessage, byte[], ReadOnlyMemory<byte> and string",
                    outgoing.Payload.GetType().FullName,
                    Encoding.UTF8.GetString(outgoing.Topic.Span));
                return;
        }

        _outbound.Tell(new Zmq.Send(message));
    }

    private void AnswerIfReady()
    {
        if (!IsReady || _waitingForEndpoints.Count == 0)
        {
            return;
        }

        var endpoints = new ZeroMqTopicBridge.Endpoints([.. _outboundBound], [.. _inboundBound]);
        foreach (var asker in _waitingForEndpoints)
        {
            asker.Tell(endpoints);
        }

        _waitingForEndpoints.Clear();
    }

    private static SocketOptions Options(SocketRuntime runtime, Action<SocketOptions>? configure)
    {
        var options = runtime.CreateOptions();
        configure?.Invoke(options);
        return options;
    }

    private static string TopicOf(ZMessage message) => message.Count > 0 ? message.GetString(0) : "";
}
