using RuntimeActors.Sockets;
using static RuntimeActors.Tests.Sockets.CoreHarness;

namespace RuntimeActors.Tests.Sockets;

/// <summary>
/// Receives under RCVTIMEO, whose limit (a token source and its timer) one receive hands to the next: it must time out
/// every time it should, never early, and the caller's token and a close must still end a receive as before.
/// </summary>
public sealed class TimedReceiveTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task A_receive_after_a_timed_out_one_waits_for_its_message()
    {
        var pull = Core(SocketType.Pull);
        var pipe = ConnectedPipe(pull, SocketType.Push);

        var error = await Assert.ThrowsAsync<ZmqException>(() => pull.ReceiveAsync(Short, CancellationToken.None).AsTask());
        Assert.Equal(ZmqError.WouldBlock, error.Error);

        var receiving = pull.ReceiveAsync(Patience, CancellationToken.None).AsTask();
        await Deliver(pull, pipe, "late");
        Assert.Equal("late", (await receiving.WaitAsync(Patience)).GetString(0));
    }

    [Fact]
    public async Task Receives_that_each_wait_for_a_delivery_reuse_the_limit_and_the_next_still_times_out()
    {
        var pull = Core(SocketType.Pull);
        var pipe = ConnectedPipe(pull, SocketType.Push);

        for (var i = 0; i < 200; i++)
        {
            var receiving = pull.ReceiveAsync(Patience, CancellationToken.None).AsTask();
            await Task.Run(() => Deliver(pull, pipe, $"m{i}"));
            Assert.Equal($"m{i}", (await receiving.WaitAsync(Patience)).GetString(0));
        }

        var error = await Assert.ThrowsAsync<ZmqException>(() => pull.ReceiveAsync(Short, CancellationToken.None).AsTask().WaitAsync(Patience));
        Assert.Equal(ZmqError.WouldBlock, error.Error);
    }

    [Fact]
    public async Task The_callers_token_cancels_a_timed_receive_with_its_own_token_and_the_next_one_times_out()
    {
        var pull = Core(SocketType.Pull);
        ConnectedPipe(pull, SocketType.Push);
        using var cancellation = new CancellationTokenSource();
        var receiving = pull.ReceiveAsync(Patience, cancellation.Token).AsTask();

        await cancellation.CancelAsync();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receiving.WaitAsync(Patience));
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        var error = await Assert.ThrowsAsync<ZmqException>(() => pull.ReceiveAsync(Short, CancellationToken.None).AsTask().WaitAsync(Patience));
        Assert.Equal(ZmqError.WouldBlock, error.Error);
    }

    [Fact]
    public async Task Two_timed_receives_at_once_each_get_a_message()
    {
        var pull = Core(SocketType.Pull);
        var pipe = ConnectedPipe(pull, SocketType.Push);
        var first = pull.ReceiveAsync(Patience, CancellationToken.None).AsTask();
        var second = pull.ReceiveAsync(Patience, CancellationToken.None).AsTask();

        await Deliver(pull, pipe, "a");
        await Deliver(pull, pipe, "b");

        var received = await Task.WhenAll(first, second).WaitAsync(Patience);
        Assert.Equal(["a", "b"], received.Select(message => message.GetString(0)).Order());
    }

    [Fact]
    public async Task Closing_the_socket_ends_a_timed_receive_with_ENOTSOCK()
    {
        var pull = Core(SocketType.Pull);
        ConnectedPipe(pull, SocketType.Push);
        var receiving = pull.ReceiveAsync(Patience, CancellationToken.None).AsTask();

        pull.Close();

        var error = await Assert.ThrowsAsync<ZmqException>(() => receiving.WaitAsync(Patience));
        Assert.Equal(ZmqError.NotSocket, error.Error);
    }
}
