using System.Globalization;
using Akka.Actor;

namespace RuntimeActors.Interop.Tests;

/// <summary>
/// A slow receiving actor against a fast libzmq sender: the socket actor's receive window bounds what the actor holds,
/// and a full window stops our engine reading, so that TCP backpressure reaches the libzmq PUSH.
/// </summary>
public sealed class ActorBackpressureTests(ITestOutputHelper output) : InteropTest(output)
{
    private const int Window = 100;
    private const int Count = 20_000;

    // 20,000 messages of 2 KB are 40 MB: more than the high-water marks and loopback's socket buffers can hold.
    private const int PayloadSize = 2048;

    [Fact]
    public async Task A_slow_receiving_actor_holds_at_most_its_window_and_gets_a_libzmq_flood_in_order()
    {
        var receiver = Sys.ActorOf(Props.Create(() => new SlowReceiver(Window, Count)), "slow-receiver");
        var options = new SocketOptions { Linger = TimeSpan.Zero, ReceiveWindow = Window, ReceiveHighWaterMark = 100 };
        var pull = Sys.ActorOf(Runtime.SocketProps(SocketType.Pull, options, receiver), "pull");
        pull.Tell(new Zmq.Bind("tcp://127.0.0.1:*"), TestActor);
        var bound = await ExpectMsgAsync<Zmq.Bound>(Patience);

        var peer = StartPeer("PUSH", "opt:SNDHWM=100", $"connect:{bound.Endpoint}", $"flood:{Count}:{PayloadSize}:500");

        // The receiver does not ack yet: the window fills, our engine stops reading, and the sender waits in vain.
        await peer.ExpectAsync("blocked");
        await AwaitAssertAsync(async () => Assert.Equal(Window, (await StateAsync(receiver)).Received), Patience);

        // The flood presses on, but the socket delivers nothing past the window while the receiver holds.
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        var held = await StateAsync(receiver);
        Assert.Equal(Window, held.Received);

        receiver.Tell(SlowReceiver.Release.Instance);
        await peer.ExpectAsync("flooded");
        await peer.FinishAsync();
        await AwaitAssertAsync(async () => Assert.Equal(Count, (await StateAsync(receiver)).Received), Patience);

        var end = await StateAsync(receiver);
        Assert.Null(end.Error);
        Assert.Equal(Window, end.MostUnacknowledged);
    }

    private static Task<SlowReceiver.State> StateAsync(IActorRef receiver) =>
        receiver.Ask<SlowReceiver.State>(SlowReceiver.GetState.Instance, Patience);

    /// <summary>
    /// Checks the order of the numbered messages it gets and how many it holds unacknowledged (received but not acked
    /// by it, at least as many as the socket counts). Held until released; then it acks in batches of 7 after hashing
    /// each payload, a consumer slower than the sender.
    /// </summary>
    private sealed class SlowReceiver : ReceiveActor
    {
        private const int Batch = 7;
        private readonly int _window;
        private readonly int _count;
        private bool _holding = true;
        private int _received;
        private int _unacknowledged;
        private int _mostUnacknowledged;
        private string? _error;
        private IActorRef? _socket;
        private long _checksum;

        public SlowReceiver(int window, int count)
        {
            _window = window;
            _count = count;
            Receive<Zmq.Received>(OnReceived);
            Receive<Release>(_ =>
            {
                _holding = false;
                Ack();
            });
            Receive<GetState>(_ => Sender.Tell(new State(_received, _mostUnacknowledged, _error)));
        }

        private void OnReceived(Zmq.Received received)
        {
            _socket = Sender;
            var index = int.Parse(received.Message.GetString(0), CultureInfo.InvariantCulture);
            if (index != _received)
            {
                _error ??= $"message {index} came as number {_received}";
            }

            if (received.Message[1].Length != PayloadSize)
            {
                _error ??= $"message {index} has {received.Message[1].Length} bytes";
            }

            _checksum += System.Security.Cryptography.SHA256.HashData(received.Message[1].Span)[0];
            _received++;
            _unacknowledged++;
            _mostUnacknowledged = Math.Max(_mostUnacknowledged, _unacknowledged);
            if (_unacknowledged > _window)
            {
                _error ??= $"{_unacknowledged} messages unacknowledged, over the window of {_window}";
            }

            if (!_holding && (_unacknowledged >= Batch || _received == _count))
            {
                Ack();
            }
        }

        private void Ack()
        {
            if (_unacknowledged > 0)
            {
                _socket!.Tell(new Zmq.ReceiveAck(_unacknowledged));
                _unacknowledged = 0;
            }
        }

        public sealed record State(int Received, int MostUnacknowledged, string? Error);

        public sealed class Release
        {
            public static Release Instance { get; } = new();
        }

        public sealed class GetState
        {
            public static GetState Instance { get; } = new();
        }
    }
}
