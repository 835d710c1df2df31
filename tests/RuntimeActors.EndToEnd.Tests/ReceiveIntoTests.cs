using System.Text;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>
/// Receiving into a reused message (zmq_msg_recv), whose frames may lie in pooled memory, and the ownership rules
/// around it: a send queues its own copy, a forwarded frame keeps its memory, a kept message owns its frames.
/// </summary>
public abstract class ReceiveIntoTests(ITestOutputHelper output) : SocketTestKit(output)
{
    // Empty, small (a shared buffer), larger than a shared buffer takes, and large enough to be received directly.
    private static readonly int[] Sizes = [0, 1, 64, 1500, 3000, 40_000];

    private async Task<(ZSocket Push, ZSocket Pull)> PipelineAsync()
    {
        var pull = Socket(SocketType.Pull);
        var push = Socket(SocketType.Push);
        await push.ConnectAsync(await BindLoopbackAsync(pull));
        return (push, pull);
    }

    private static ZMessage Numbered(int i) => new ZMessage()
        .Append(Encoding.ASCII.GetBytes($"#{i}"))
        .Append(Payload(i, Sizes[i % Sizes.Length]));

    private static byte[] Payload(int i, int size)
    {
        var bytes = new byte[size];
        for (var b = 0; b < size; b++)
        {
            bytes[b] = (byte)(i + b);
        }

        return bytes;
    }

    private static void AssertNumbered(int i, ZMessage message)
    {
        Assert.Equal(2, message.Count);
        Assert.Equal($"#{i}", message.GetString(0));
        Assert.True(
            message[1].Span.SequenceEqual(Payload(i, Sizes[i % Sizes.Length])),
            $"message #{i}: the {message[1].Length}-byte second frame differs from what was sent");
    }

    private static async Task ReceiveIntoAsync(ZSocket socket, ZMessage message)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ReceiveAsync(message, timeout.Token);
    }

    [Fact]
    public async Task One_message_received_into_again_and_again_holds_each_message_in_turn()
    {
        var (push, pull) = await PipelineAsync();
        const int count = 600;
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await push.SendAsync(Numbered(i));
            }
        });

        var message = new ZMessage();
        for (var i = 0; i < count; i++)
        {
            await ReceiveIntoAsync(pull, message);
            AssertNumbered(i, message);
        }

        await sending;
    }

    [Fact]
    public async Task A_message_received_into_and_sent_on_may_be_received_into_again_at_once()
    {
        // A proxy's loop: the forwarded copy must keep the frames' memory while the received message is reused.
        var (push, middle) = await PipelineAsync();
        var (forward, end) = await PipelineAsync();
        const int count = 600;
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await push.SendAsync(Numbered(i));
            }
        });

        var proxying = Task.Run(async () =>
        {
            var message = new ZMessage();
            for (var i = 0; i < count; i++)
            {
                await ReceiveIntoAsync(middle, message);
                await forward.SendAsync(message);
            }
        });

        var received = new ZMessage();
        for (var i = 0; i < count; i++)
        {
            await ReceiveIntoAsync(end, received);
            AssertNumbered(i, received);
        }

        await Task.WhenAll(sending, proxying);
    }

    [Fact]
    public async Task Messages_kept_from_ReceiveAsync_stay_intact_while_later_ones_arrive()
    {
        var (push, pull) = await PipelineAsync();
        const int count = 600;
        for (var i = 0; i < count; i++)
        {
            await push.SendAsync(Numbered(i));
        }

        var kept = new List<ZMessage>();
        for (var i = 0; i < count; i++)
        {
            kept.Add(await ReceiveAsync(pull));
        }

        for (var i = 0; i < count; i++)
        {
            AssertNumbered(i, kept[i]);
        }
    }

    [Fact]
    public async Task TryReceive_into_a_message_reports_a_timeout_and_leaves_the_message_as_it_was()
    {
        var (push, pull) = await PipelineAsync();
        var message = ZMessage.FromStrings("untouched");

        Assert.False(pull.TryReceive(message, TimeSpan.FromMilliseconds(50)));
        Assert.Equal(["untouched"], message.GetStrings());

        await push.SendAsync("arrived");
        Assert.True(pull.TryReceive(message, Patience));
        Assert.Equal(["arrived"], message.GetStrings());
    }

    [Fact]
    public async Task A_sent_message_is_the_callers_again_when_the_send_returns()
    {
        var (push, pull) = await PipelineAsync();
        var message = ZMessage.FromStrings("first");
        await push.SendAsync(message);
        message.Clear();
        message.Append("second");
        await push.SendAsync(message);

        Assert.Equal(["first"], await ReceiveStringsAsync(pull));
        Assert.Equal(["second"], await ReceiveStringsAsync(pull));
    }

    [Fact]
    public async Task A_REQ_may_send_the_same_message_for_every_request()
    {
        // Regression: REQ put its delimiter into the caller's message, so the second request carried two.
        var rep = Socket(SocketType.Rep);
        var req = Socket(SocketType.Req);
        await req.ConnectAsync(await BindLoopbackAsync(rep));
        var request = ZMessage.FromStrings("ping");
        for (var trip = 0; trip < 3; trip++)
        {
            await req.SendAsync(request);
            Assert.Equal(["ping"], await ReceiveStringsAsync(rep));
            await rep.SendAsync($"pong {trip}");
            Assert.Equal([$"pong {trip}"], await ReceiveStringsAsync(req));
        }

        Assert.Equal(["ping"], request.GetStrings());
    }

    [Fact]
    public async Task REP_replies_under_the_envelope_of_a_request_it_received_into_and_cleared()
    {
        // The envelope's routing frame is larger than a shared buffer takes, so it has pooled memory of its own.
        var rep = Socket(SocketType.Rep);
        var dealer = Socket(SocketType.Dealer);
        await dealer.ConnectAsync(await BindLoopbackAsync(rep));
        var route = Payload(7, 3000);
        var request = new ZMessage();
        for (var trip = 0; trip < 20; trip++)
        {
            await dealer.SendAsync(new ZMessage().Append(route).Append(ReadOnlyMemory<byte>.Empty).Append($"request {trip}"));
            await ReceiveIntoAsync(rep, request);
            Assert.Equal([$"request {trip}"], request.GetStrings());
            request.Clear();
            await rep.SendAsync($"reply {trip}");

            var reply = await ReceiveAsync(dealer);
            Assert.Equal(3, reply.Count);
            Assert.True(reply[0].Span.SequenceEqual(route), "the reply's routing frame differs from the request's");
            Assert.Equal($"reply {trip}", reply.GetString(2));
        }
    }

    [Fact]
    public async Task Subscribers_receiving_into_each_get_every_message_one_send_fanned_out()
    {
        var pub = Socket(SocketType.Pub);
        var endpoint = await BindLoopbackAsync(pub);
        var subscribers = new[] { Socket(SocketType.Sub), Socket(SocketType.Sub) };
        foreach (var sub in subscribers)
        {
            sub.Subscribe("#");
            await sub.ConnectAsync(endpoint);
            await AwaitSubscribedAsync(pub, sub, "#");
        }

        const int count = 200;
        for (var i = 0; i < count; i++)
        {
            await pub.SendAsync(Numbered(i));
        }

        await Task.WhenAll(subscribers.Select(sub => Task.Run(async () =>
        {
            var message = new ZMessage();
            for (var i = 0; i < count; i++)
            {
                await ReceiveIntoAsync(sub, message);
                if (message.GetString(0) == "#")
                {
                    // A probe of AwaitSubscribedAsync for the other subscriber.
                    i--;
                    continue;
                }

                AssertNumbered(i, message);
            }
        })));
    }
}

public sealed class TcpReceiveIntoTests(ITestOutputHelper output) : ReceiveIntoTests(output);

public sealed class InprocReceiveIntoTests(ITestOutputHelper output) : ReceiveIntoTests(output)
{
    protected override string Transport => "inproc";
}
