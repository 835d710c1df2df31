using System.Threading.Channels;
using Akka.Actor;

namespace RuntimeActors.Transports.Ipc.Tests;

/// <summary>Helpers for tests of the runtime's sockets over ipc.</summary>
internal static class RuntimeHarness
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static SocketRuntime CreateRuntime() => SocketRuntime.Create(b => b.AddIpc());

    public static SocketOptions Options(string? routingId = null) => new()
    {
        ReconnectInterval = TimeSpan.FromMilliseconds(20),
        RoutingId = routingId is null ? default : System.Text.Encoding.UTF8.GetBytes(routingId),
    };

    public static async Task<IReadOnlyList<string>> ReceiveStringsAsync(ZSocket socket)
    {
        using var cancel = new CancellationTokenSource(Patience);
        var message = await socket.ReceiveAsync(cancel.Token);
        return message.GetStrings();
    }

    /// <summary>
    /// Publishes <paramref name="frames"/> until <paramref name="subscriber"/> receives them. A publisher drops what it
    /// sends before the subscription reaches it (the guide's slow joiner), and nothing tells it when the subscription
    /// has arrived, so it repeats at a short pace while the subscriber awaits its first message.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PublishUntilReceivedAsync(ZSocket publisher, ZSocket subscriber, params string[] frames)
    {
        using var cancel = new CancellationTokenSource(Patience);
        var receiving = subscriber.ReceiveAsync(cancel.Token).AsTask();
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (!receiving.IsCompleted)
        {
            await publisher.SendAsync(frames);
            await Task.WhenAny(receiving, pace.WaitForNextTickAsync(cancel.Token).AsTask());
        }

        return (await receiving).GetStrings();
    }

    /// <summary>Follows the monitor events of <paramref name="socket"/> from now on.</summary>
    public static ChannelReader<SocketEvent> Monitor(SocketRuntime runtime, ZSocket socket)
    {
        var events = Channel.CreateUnbounded<SocketEvent>();
        var collector = runtime.System.ActorOf(Props.Create(() => new EventCollector(events.Writer)));
        socket.Actor.Tell(new Zmq.Monitor(collector), ActorRefs.NoSender);
        return events.Reader;
    }

    /// <summary>Reads events until one of <paramref name="kind"/> comes, within the timeout.</summary>
    public static async Task<SocketEvent> ExpectEventAsync(ChannelReader<SocketEvent> events, SocketEventKind kind)
    {
        using var cancel = new CancellationTokenSource(Patience);
        while (true)
        {
            var next = await events.ReadAsync(cancel.Token);
            if (next.Kind == kind)
            {
                return next;
            }
        }
    }

    private sealed class EventCollector : ReceiveActor
    {
        public EventCollector(ChannelWriter<SocketEvent> events) => Receive<SocketEvent>(e => events.TryWrite(e));
    }
}
