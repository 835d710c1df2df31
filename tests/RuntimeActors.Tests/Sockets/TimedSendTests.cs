using RuntimeActors.Sockets;
using static RuntimeActors.Tests.Sockets.CoreHarness;

namespace RuntimeActors.Tests.Sockets;

/// <summary>Sends blocked at the high-water mark under SNDTIMEO, whose limit one send hands to the next.</summary>
public sealed class TimedSendTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Blocked_sends_that_each_get_room_reuse_the_limit_and_the_next_still_times_out()
    {
        var push = Core(SocketType.Push);
        var pipe = ConnectedPipe(push, SocketType.Pull, sendHighWaterMark: 1);
        Assert.Equal(SendOutcome.Sent, push.TrySend(ZMessage.FromStrings("first")));

        for (var i = 0; i < 200; i++)
        {
            var sending = push.SendAsync(ZMessage.FromStrings($"m{i}"), Patience, CancellationToken.None).AsTask();
            // The engine takes what is queued, which makes room: the blocked send goes in.
            await Task.Run(() => Drain(pipe));
            await sending.WaitAsync(Patience);
        }

        var error = await Assert.ThrowsAsync<ZmqException>(() => push.SendAsync(ZMessage.FromStrings("late"), Short, CancellationToken.None).AsTask().WaitAsync(Patience));
        Assert.Equal(ZmqError.WouldBlock, error.Error);
        Assert.Equal(["m199"], DrainStrings(pipe));
    }

    [Fact]
    public async Task The_callers_token_cancels_a_timed_send_with_its_own_token_not_EAGAIN()
    {
        var push = Core(SocketType.Push);
        var pipe = ConnectedPipe(push, SocketType.Pull, sendHighWaterMark: 1);
        Assert.Equal(SendOutcome.Sent, push.TrySend(ZMessage.FromStrings("first")));
        using var cancellation = new CancellationTokenSource();
        var sending = push.SendAsync(ZMessage.FromStrings("blocked"), Patience, cancellation.Token).AsTask();
        Assert.False(sending.IsCompleted);

        await cancellation.CancelAsync();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(Patience));
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        Assert.Equal(["first"], DrainStrings(pipe));
    }

    [Fact]
    public async Task A_zero_SNDTIMEO_fails_a_blocked_send_at_once()
    {
        var push = Core(SocketType.Push);
        ConnectedPipe(push, SocketType.Pull, sendHighWaterMark: 1);
        Assert.Equal(SendOutcome.Sent, push.TrySend(ZMessage.FromStrings("first")));

        var error = await Assert.ThrowsAsync<ZmqException>(() => push.SendAsync(ZMessage.FromStrings("x"), TimeSpan.Zero, CancellationToken.None).AsTask());

        Assert.Equal(ZmqError.WouldBlock, error.Error);
    }

    [Fact]
    public async Task Closing_the_socket_ends_a_blocked_timed_send_with_ENOTSOCK()
    {
        var push = Core(SocketType.Push);
        ConnectedPipe(push, SocketType.Pull, sendHighWaterMark: 1);
        Assert.Equal(SendOutcome.Sent, push.TrySend(ZMessage.FromStrings("first")));
        var sending = push.SendAsync(ZMessage.FromStrings("blocked"), Patience, CancellationToken.None).AsTask();

        push.Close();

        var error = await Assert.ThrowsAsync<ZmqException>(() => sending.WaitAsync(Patience));
        Assert.Equal(ZmqError.NotSocket, error.Error);
    }
}
