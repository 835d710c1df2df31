using System.Threading.Channels;
using Akka.Actor;

namespace RuntimeActors.Transports.Vsock.Uml.Tests;

/// <summary>An actor that hands a socket's monitor events to test code through a channel.</summary>
internal sealed class EventSink : ReceiveActor
{
    public EventSink(ChannelWriter<SocketEvent> events) => Receive<SocketEvent>(e => events.TryWrite(e));

    /// <summary>Monitors <paramref name="socket"/> and returns its events as they come.</summary>
    public static ChannelReader<SocketEvent> Watch(SocketRuntime runtime, ZSocket socket)
    {
        var channel = Channel.CreateUnbounded<SocketEvent>();
        var sink = runtime.System.ActorOf(Props.Create(() => new EventSink(channel.Writer)));
        socket.Actor.Tell(new Zmq.Monitor(sink), sink);
        return channel.Reader;
    }

    /// <summary>Waits for the first event of <paramref name="kind"/>.</summary>
    public static async Task<SocketEvent> NextAsync(ChannelReader<SocketEvent> events, SocketEventKind kind, CancellationToken cancellationToken)
    {
        await foreach (var e in events.ReadAllAsync(cancellationToken))
        {
            if (e.Kind == kind)
            {
                return e;
            }
        }

        throw new InvalidOperationException("the event channel ended");
    }
}
