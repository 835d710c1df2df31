using Microsoft.Extensions.Logging;

namespace RuntimeActors.Actors;

/// <summary>
/// The kernel's side of one actor: its mailbox, the current instance, children, watchers and behaviour.
/// Everything here runs on the thread that currently drains the mailbox, one message at a time, except
/// where a member says otherwise (children are also attached from other threads, under a lock).
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic]
    private static ActorCell? t_current;

    [ThreadStatic]
    private static ActorCell? t_creating;

    private readonly ActorSystem _system;
    private readonly InternalActorRef _parent;
    private readonly LocalActorRef _self;
    private readonly Mailbox _mailbox;
    private ActorBase? _actor;
    private Envelope _current;
    private object? _failedMessage;
    private ILogger? _log;

    public ActorCell(ActorSystem system, Props props, InternalActorRef parent, ActorPath path)
    {
        _system = system;
        Props = props;
        _parent = parent;
        _mailbox = new Mailbox(props.Throughput ?? system.Options.Throughput);
        _mailbox.Attach(this);
        _self = new LocalActorRef(this, path);
    }

    /// <summary>The cell whose mailbox the calling thread is draining, if any.</summary>
    public static ActorCell? Current
    {
        get => t_current;
        set => t_current = value;
    }

    /// <summary>The cell whose actor instance the calling thread is constructing, if any.</summary>
    public static ActorCell? Creating => t_creating;

    public IActorRef Self => _self;

    public LocalActorRef SelfRef => _self;

    public IActorRef Sender => _current.Sender ?? _system.DeadLetters;

    public IActorRef? CurrentSender => _current.Sender;

    public IActorRef Parent => _parent;

    public Props Props { get; }

    public ActorSystem System => _system;

    public Mailbox Mailbox => _mailbox;

    public ILogger Log => _log ??= _system.LoggerFactory.CreateLogger(Props.ActorType.FullName ?? Props.ActorType.Name);

    public void Start() => _mailbox.TryEnqueueSystem(Create.Instance);

    public void Invoke(in Envelope envelope)
    {
        _current = envelope;
        try
        {
            if (envelope.Message is IAutoReceivedMessage)
            {
                AutoReceive(envelope.Message);
            }
            else
            {
                ReceiveMessage(envelope.Message);
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
        finally
        {
            _current = default;
        }
    }

    public void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Create:
                    CreateInstance();
                    break;
                case StopSignal:
                    BeginTerminate();
                    break;
                case Recreate recreate:
                    FaultRecreate(recreate.Cause);
                    break;
                case Resume:
                    FaultResume();
                    break;
                case Failed failed:
                    HandleFailedChild(failed);
                    break;
                case Watch watch:
                    AddWatcher(watch);
                    break;
                case Unwatch unwatch:
                    RemoveWatcher(unwatch);
                    break;
                case DeathWatchNotification notification:
                    HandleDeathWatchNotification(notification);
                    break;
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
    }

    private void ReceiveMessage(object message)
    {
        var actor = _actor;
        if (actor is null)
        {
            _system.PublishDeadLetter(message, _current.Sender, _self);
            return;
        }

        var handled = _behaviors is { Count: > 0 } ? _behaviors[^1](message) : actor.InvokeReceive(message);
        if (!handled)
        {
            actor.InvokeUnhandled(message);
        }
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case PoisonPill:
                Stop(_self);
                break;
            case Kill:
                throw new ActorKilledException($"Actor [{_self.Path}] received Kill.");
            case TimerFired fired:
                if (_timers is not null && _timers.Accept(fired))
                {
                    ReceiveMessage(fired.Message);
                }

                break;
            default:
                ReceiveMessage(message);
                break;
        }
    }

    private ActorBase NewActor()
    {
        var previous = t_creating;
        t_creating = this;
        try
        {
            var actor = Props.Factory();
            if (!ReferenceEquals(actor.Cell, this))
            {
                throw new InvalidOperationException($"The props of [{_self.Path}] returned an actor instance that was not created by them.");
            }

            return actor;
        }
        finally
        {
            t_creating = previous;
        }
    }

    private void CreateInstance()
    {
        try
        {
            _actor = NewActor();
            _actor.InvokePreStart();
        }
        catch (Exception e)
        {
            HandleInvokeFailure(new ActorInitializationException(_self, $"Actor [{_self.Path}] failed to start: {e.Message}", e));
        }
    }

    public override string ToString() => _self.Path.ToString();
}
