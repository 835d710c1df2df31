using Akka.Actor;
using RuntimeActors.Transports.Pgm;
using RuntimeActors.TestKit;

namespace RuntimeActors.Interop.Tests.Pgm;

/// <summary>
/// What a receiver does with data that cannot be repaired: it reports it as a monitor event with the packets lost, and
/// delivers only whole messages from the next message start on. The loss is made on purpose by the transport's test
/// hook (a sender that skips packets), since the loopback loses nothing.
/// </summary>
public sealed class EpgmLossTests(ITestOutputHelper output) : InteropTest(output)
{
    private const int Rate = 100_000;
    private const int Size = 2_000;

    [Fact]
    public async Task Data_the_sender_no_longer_holds_is_reported_as_a_monitor_event_and_never_delivered_in_part()
    {
        var endpoint = MulticastEndpoints.Next();
        var sub = Socket(SocketType.Sub, options => options.MulticastRate = Rate);
        sub.Subscribe(string.Empty);
        sub.Actor.Tell(new Zmq.Monitor(TestActor));
        await sub.ConnectAsync(endpoint);

        // A sender that skips a third of its packets and keeps what it sent for 1 ms: gone before any NAK comes.
        await using var lossy = SocketRuntime.Create(builder => builder.AddPgm(new PgmTransportOptions { SkipSentOdata = 0.3, Seed = 5 }));
        await using var pub = lossy.CreateSocket(SocketType.Pub, new SocketOptions
        {
            MulticastRate = Rate,
            MulticastRecoveryInterval = TimeSpan.FromMilliseconds(1),
            SendHighWaterMark = 0,
            Linger = TimeSpan.Zero,
        });
        await pub.ConnectAsync(endpoint);

        var loss = FishForMessageAsync<SocketEvent>(e => e.Kind == SocketEventKind.MulticastDataLoss, Patience).AsTask();
        var padding = new byte[Size];
        while (!loss.IsCompleted)
        {
            // Messages longer than a packet, so that a lost packet cuts one: the receiver must drop its other parts.
            for (var i = 0; i < 20; i++)
            {
                await SendAsync(pub, ZMessage.FromFrames(Bytes("tick"), padding));
            }

            await TaskWaits.AwaitWithinAsync(loss, WarmUpPace);
        }

        var lost = await loss;
        Assert.Equal(endpoint, lost.Endpoint);
        Assert.True(lost.Value >= 1, $"a loss of {lost.Value} packets");
        Assert.Contains("could not be repaired", lost.Error!.Message, StringComparison.Ordinal);

        var whole = 0;
        while (await TryReceiveAsync(sub, WarmUpPace) is { } message)
        {
            Assert.Equal(2, message.Count);
            Assert.Equal(Size, message[1].Length);
            whole++;
        }

        PeerOutput.WriteLine($"{lost.Value} packet(s) reported lost, {whole} whole messages taken after");
    }
}
