using System.Globalization;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>
/// TrySend and TryReceive on threads of the caller's own, as zmq_send and zmq_recv: they block at the high-water mark
/// and for a message, and the peer wakes them directly.
/// </summary>
public abstract class BlockingCallTests(ITestOutputHelper output) : SocketTestKit(output)
{
    private static Task<T> OnOwnThread<T>(Func<T> body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    [Fact]
    public async Task Two_threads_blocking_at_small_high_water_marks_move_every_message_once_in_order()
    {
        // Small marks make both sides block again and again: the receiver for messages, the sender for room.
        var pull = Socket(SocketType.Pull, new SocketOptions { ReceiveHighWaterMark = 5 });
        var push = Socket(SocketType.Push, new SocketOptions { SendHighWaterMark = 5 });
        await push.ConnectAsync(await BindLoopbackAsync(pull));
        const int count = 50_000;

        var sending = OnOwnThread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                if (!push.TrySend(ZMessage.FromStrings(i.ToString(CultureInfo.InvariantCulture)), Patience))
                {
                    return i;
                }
            }

            return count;
        });
        var receiving = OnOwnThread(() =>
        {
            var message = new ZMessage();
            for (var i = 0; i < count; i++)
            {
                if (!pull.TryReceive(message, Patience) || message.GetString(0) != i.ToString(CultureInfo.InvariantCulture))
                {
                    return $"message {i}: {(message.Count == 0 ? "none in time" : message.GetString(0))}";
                }
            }

            return "all";
        });

        Assert.Equal(count, await sending.WaitAsync(Patience * 4));
        Assert.Equal("all", await receiving.WaitAsync(Patience * 4));
    }

    [Fact]
    public async Task Blocking_round_trips_between_two_threads_each_get_their_own_reply()
    {
        var rep = Socket(SocketType.Rep);
        var req = Socket(SocketType.Req);
        await req.ConnectAsync(await BindLoopbackAsync(rep));
        const int trips = 2_000;

        var echoing = OnOwnThread(() =>
        {
            var request = new ZMessage();
            for (var i = 0; i < trips; i++)
            {
                if (!rep.TryReceive(request, Patience) || !rep.TrySend(request, Patience))
                {
                    return i;
                }
            }

            return trips;
        });
        var asking = OnOwnThread(() =>
        {
            var reply = new ZMessage();
            for (var i = 0; i < trips; i++)
            {
                var text = i.ToString(CultureInfo.InvariantCulture);
                if (!req.TrySend(ZMessage.FromStrings(text), Patience) || !req.TryReceive(reply, Patience) || reply.GetString(0) != text)
                {
                    return i;
                }
            }

            return trips;
        });

        Assert.Equal(trips, await asking.WaitAsync(Patience * 4));
        Assert.Equal(trips, await echoing.WaitAsync(Patience * 4));
    }

    [Fact]
    public async Task A_receive_blocked_with_nothing_to_receive_returns_false_after_its_timeout()
    {
        var pull = Socket(SocketType.Pull);
        await BindLoopbackAsync(pull);

        Assert.False(await OnOwnThread(() => pull.TryReceive(new ZMessage(), TimeSpan.FromMilliseconds(50))));
    }

    [Fact]
    public async Task Closing_the_socket_fails_a_blocked_receive_with_ENOTSOCK()
    {
        var pull = Socket(SocketType.Pull);
        await BindLoopbackAsync(pull);
        var receiving = OnOwnThread(() => pull.TryReceive(new ZMessage(), Timeout.InfiniteTimeSpan));

        await pull.DisposeAsync();

        var error = await Assert.ThrowsAsync<ZmqException>(() => receiving.WaitAsync(Patience));
        Assert.Equal(ZmqError.NotSocket, error.Error);
    }
}

public sealed class TcpBlockingCallTests(ITestOutputHelper output) : BlockingCallTests(output);

public sealed class InprocBlockingCallTests(ITestOutputHelper output) : BlockingCallTests(output)
{
    protected override string Transport => "inproc";
}
