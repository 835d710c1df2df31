using Akka.Event;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests.Lifecycle;

/// <summary>
/// Closing sockets in an Akka application logs no dead letters: the ticks, accepts and engine results that arrive
/// after an actor stopped are no news. Before, every close of a bound socket logged two to three of them at INFO,
/// one with the stack trace of a cancelled accept.
/// </summary>
public sealed class QuietCloseTests(ITestOutputHelper output) : SocketTestKit(output)
{
    [Fact]
    public async Task Closing_a_connected_pair_publishes_no_dead_letter()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters, typeof(DeadLetter));
        var pull = Socket(SocketType.Pull);
        var push = Socket(SocketType.Push);
        var endpoint = await BindLoopbackAsync(pull);
        await push.ConnectAsync(endpoint);
        await push.SendAsync("one");
        Assert.Equal(["one"], await ReceiveStringsAsync(pull));

        await push.DisposeAsync();
        await pull.DisposeAsync();

        // An absence: what a stopped actor is sent comes within milliseconds of its stop, if at all.
        deadLetters.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }
}
