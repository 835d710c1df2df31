namespace RuntimeActors.Actors;

/// <summary>
/// A publish/subscribe bus for system-wide events (dead letters, unhandled messages, monitor events).
/// A subscriber to a type receives every published event assignable to it; stopped subscribers are
/// dropped on the next publish that would reach them.
/// </summary>
public sealed class EventStream
{
    private readonly Lock _gate = new();
    private Subscription[] _subscriptions = [];

    /// <summary>Subscribes <paramref name="subscriber"/> to events of type <paramref name="channel"/> and its subtypes.</summary>
    /// <returns>False when it was already subscribed to that type.</returns>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            if (Array.Exists(_subscriptions, s => s.Channel == channel && s.Subscriber.Equals(subscriber)))
            {
                return false;
            }

            _subscriptions = [.. _subscriptions, new Subscription(subscriber, channel)];
            return true;
        }
    }

    /// <summary>Subscribes <paramref name="subscriber"/> to events of type <typeparamref name="TEvent"/>.</summary>
    public bool Subscribe<TEvent>(IActorRef subscriber) => Subscribe(subscriber, typeof(TEvent));

    /// <summary>Removes the subscription of <paramref name="subscriber"/> to <paramref name="channel"/>.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type channel) =>
        RemoveWhere(s => s.Channel == channel && s.Subscriber.Equals(subscriber));

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    public bool Unsubscribe(IActorRef subscriber) => RemoveWhere(s => s.Subscriber.Equals(subscriber));

    /// <summary>Delivers <paramref name="event"/> to every subscriber of its type or a base type.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (!subscription.Channel.IsAssignableFrom(type))
            {
                continue;
            }

            if (subscription.Subscriber is InternalActorRef { IsTerminated: true })
            {
                // Telling a dead subscriber would publish a dead letter, which could reach it again.
                Unsubscribe(subscription.Subscriber);
                continue;
            }

            subscription.Subscriber.Tell(@event, null);
        }
    }

    private bool RemoveWhere(Predicate<Subscription> match)
    {
        lock (_gate)
        {
            var kept = Array.FindAll(_subscriptions, s => !match(s));
            var removed = kept.Length != _subscriptions.Length;
            _subscriptions = kept;
            return removed;
        }
    }

    private sealed record Subscription(IActorRef Subscriber, Type Channel);
}
