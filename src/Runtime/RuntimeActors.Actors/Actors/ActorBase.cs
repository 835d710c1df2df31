using Microsoft.Extensions.Logging;

namespace RuntimeActors.Actors;

/// <summary>
/// The base of every actor. An actor is made by the kernel from <see cref="Props"/>, processes one message at a
/// time, and is supervised by its parent. Subclass <see cref="ReceiveActor"/> or <see cref="UntypedActor"/>.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    /// <summary>Binds the new instance to the cell that is creating it.</summary>
    /// <exception cref="ActorInitializationException">The actor is constructed directly instead of through ActorOf.</exception>
    protected ActorBase()
    {
        _cell = ActorCell.Creating ?? throw new ActorInitializationException(
            $"An actor of type {GetType().Name} must be created through ActorOf(Props), not with 'new'.");
    }

    /// <summary>The actor's context: self, sender, children, watch and behaviour.</summary>
    protected IActorContext Context => _cell;

    /// <summary>The actor's own reference.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the message being processed.</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>A logger whose category is the actor's type.</summary>
    protected ILogger Log => _cell.Log;

    /// <summary>The actor's timers, cancelled when it stops or restarts.</summary>
    protected ITimerScheduler Timers => _cell.Timers;

    /// <summary>The actor's stash; unstashed back into the mailbox when the actor restarts.</summary>
    protected IStash Stash => _cell.Stash;

    internal ActorCell Cell => _cell;

    /// <summary>The initial behaviour: handles <paramref name="message"/> and returns false when it does not know it.</summary>
    protected abstract bool Receive(object message);

    /// <summary>
    /// Called for a message no behaviour handled. An unhandled <see cref="Terminated"/> throws
    /// <see cref="DeathPactException"/>; anything else is published as <see cref="UnhandledMessage"/>.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }

        _cell.System.EventStream.Publish(new UnhandledMessage(message, _cell.CurrentSender, Self));
    }

    /// <summary>Called before the first message, at start and (by default) after a restart.</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Called after the actor stopped; its children have stopped already.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>Called on the failed instance before a restart. By default stops the children and calls <see cref="PostStop"/>.</summary>
    /// <param name="reason">The failure.</param>
    /// <param name="message">The message that was being processed, if any.</param>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>Called on the fresh instance after a restart. By default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>The strategy for this actor's children: by default the one in its props, else <see cref="Actors.SupervisorStrategy.Default"/>.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() =>
        _cell.Props.SupervisorStrategy ?? Actors.SupervisorStrategy.Default;

    // The kernel calls the protected members through these, so that subclasses in assemblies that see the
    // kernel's internals can still override them as plain 'protected'.
    internal bool InvokeReceive(object message) => Receive(message);

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);

    internal SupervisorStrategy InvokeSupervisorStrategy() => SupervisorStrategy();
}
