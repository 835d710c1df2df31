using System.Threading.Channels;
using RuntimeActors.Actors;

namespace RuntimeActors.TestKit;

/// <summary>Queues everything it receives for the test to inspect, and watches actors on the test's behalf.</summary>
internal sealed class TestActor(ChannelWriter<ReceivedMessage> queue) : ActorBase
{
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WatchCommand watch:
                Context.Watch(watch.Subject);
                Sender.Tell(watch, Self);
                return true;
            case UnwatchCommand unwatch:
                Context.Unwatch(unwatch.Subject);
                Sender.Tell(unwatch, Self);
                return true;
            default:
                queue.TryWrite(new ReceivedMessage(message, Sender));
                return true;
        }
    }

    internal sealed record WatchCommand(IActorRef Subject);

    internal sealed record UnwatchCommand(IActorRef Subject);
}
