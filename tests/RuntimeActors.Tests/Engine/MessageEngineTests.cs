using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using RuntimeActors.Engine;
using RuntimeActors.Sockets;
using RuntimeActors.Tests.Sockets;
using RuntimeActors.Transports;
using static RuntimeActors.Tests.Engine.EngineTestKit;
using ZPipe = RuntimeActors.Pipes.Pipe;

namespace RuntimeActors.Tests.Engine;

/// <summary>Two inproc engines joined by a pair of channels, the receiving one serving a real PULL socket's data path.</summary>
public sealed class MessageEngineTests
{
    [Fact]
    public async Task A_batch_the_receiver_takes_in_part_frees_the_sender_message_by_message()
    {
        // Regression: the sender's pipe counted a batch it had taken until all of it had gone, so the part the receiver
        // had already taken counted twice, and a sender filling both high-water marks before anyone received waited
        // for ever (InprocTests' linger test hung so under load).
        using var writable = new SemaphoreSlim(0);
        var sending = new ZPipe("inproc://engine", 10, () => writable.Release());
        var pull = CoreHarness.Core(SocketType.Pull, options => options.ReceiveHighWaterMark = 5);
        var receiving = new ZPipe("inproc://engine", 10);
        Assert.True(pull.Attach(receiving));

        // Queued before the connection: the sender's engine will take all ten at once, and the receiver holds five.
        var sent = 0;
        while (sending.Outbound.TryWrite(ZMessage.FromStrings($"m{sent}")))
        {
            sent++;
        }

        Assert.Equal(10, sent);
        var (pushEnd, pullEnd) = Connected();
        var pushEngine = new MessageEngine(pushEnd, Options(SocketType.Push), "inproc://engine", NullLogger.Instance);
        var pullEngine = new MessageEngine(pullEnd, Options(SocketType.Pull), "inproc://engine", NullLogger.Instance);
        await Task.WhenAll(pushEngine.HandshakeAsync(CancellationToken.None), pullEngine.HandshakeAsync(CancellationToken.None)).Within();
        using var stop = new CancellationTokenSource();
        var runs = Task.WhenAll(
            pushEngine.RunAsync(sending, new FakeEngineHost(), stop.Token),
            pullEngine.RunAsync(receiving, pull, stop.Token));

        // SNDHWM + RCVHWM: five more fit as the receiver takes five of the ten.
        while (sent < 15)
        {
            if (sending.Outbound.TryWrite(ZMessage.FromStrings($"m{sent}")))
            {
                sent++;
            }
            else
            {
                Assert.True(await writable.WaitAsync(EngineTestKit.Timeout), $"the sender stayed full after {sent} messages");
            }
        }

        for (var i = 0; i < 15; i++)
        {
            Assert.Equal($"m{i}", (await pull.ReceiveAsync(EngineTestKit.Timeout, CancellationToken.None)).GetString(0));
        }

        await stop.CancelAsync();
        await runs.Within();
    }

    private static (IMessageConnection Push, IMessageConnection Pull) Connected()
    {
        var toPull = Channel.CreateUnbounded<ZMessage>();
        var toPush = Channel.CreateUnbounded<ZMessage>();
        return (new ChannelConnection(toPush.Reader, toPull.Writer), new ChannelConnection(toPull.Reader, toPush.Writer));
    }

    private sealed class ChannelConnection(ChannelReader<ZMessage> input, ChannelWriter<ZMessage> output) : IMessageConnection
    {
        public ChannelReader<ZMessage> Input => input;

        public ChannelWriter<ZMessage> Output => output;

        public string LocalEndpoint => "inproc://engine";

        public string RemoteEndpoint => "inproc://engine";

        public ValueTask DisposeAsync()
        {
            output.TryComplete();
            return ValueTask.CompletedTask;
        }
    }
}
