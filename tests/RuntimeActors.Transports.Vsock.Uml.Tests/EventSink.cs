using System.Threading.Channels;
using Akka.Actor;

namespace RuntimeActors.Transports.Vsock.Uml.Tests;

/// <summary>Hands a socket's monitor events to test code through a channel, by way of an actor that monitors the socket.</summary>
internal static class EventSink
{
    /// <summary>Monitors <paramref name="socket"/> and returns its events as they come.</summary>
    public static ChannelReader<SocketEvent> Watch(SocketRuntime runtime, ZSocket socket)
    {
        var channel = Channel.CreateUnbounded<SocketEvent>();
        var sink = runtime.System.ActorOf(Props.Create(() => new Forwarder(channel.Writer)));
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

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(ChannelWriter<SocketEvent> events) => Receive<SocketEvent>(e => events.TryWrite(e));
    }
}
