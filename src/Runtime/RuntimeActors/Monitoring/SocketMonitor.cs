using Akka.Actor;
using Akka.Event;

namespace RuntimeActors.Monitoring;

/// <summary>Publishes the events of one socket to the event stream and to the actors that asked for them.</summary>
internal sealed class SocketMonitor(EventStream stream)
{
    private readonly Lock _gate = new();
    private IActorRef[] _listeners = [];

    public void AddListener(IActorRef listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }
    }

    public void RemoveListener(IActorRef listener)
    {
        lock (_gate)
        {
            _listeners = Array.FindAll(_listeners, l => !l.Equals(listener));
        }
    }

    public void Publish(SocketEvent socketEvent)
    {
        stream.Publish(socketEvent);
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener.Tell(socketEvent, socketEvent.Socket);
        }
    }
}
