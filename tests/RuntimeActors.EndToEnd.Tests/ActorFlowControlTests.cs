using System.Text;
using Akka.Actor;
using Akka.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>
/// The actor face's flow control, as Akka.IO's: a <see cref="Zmq.Send"/> is acked once queued or refused at once with
/// <see cref="Zmq.SendFailed"/>, a refused writer waits for <see cref="Zmq.WritingResumed"/>, and a receiver holds at
/// most <see cref="SocketOptions.ReceiveWindow"/> unacknowledged <see cref="Zmq.Received"/>.
/// </summary>
public sealed class ActorFlowControlTests(ITestOutputHelper output) : SocketTestKit(output)
{
    [Fact]
    public async Task A_send_with_an_ack_is_answered_with_the_ack_and_reaches_the_peer()
    {
        var pull = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(pull);
        var push = Sys.ActorOf(Runtime.SocketProps(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero }));
        push.Tell(new Zmq.Connect(endpoint), TestActor);
        await ExpectMsgAsync<Zmq.Connecting>();

        push.Tell(new Zmq.Send(ZMessage.FromStrings("hello", "ack"), "queued"), TestActor);

        await ExpectMsgAsync("queued");
        Assert.Equal(["hello", "ack"], await ReceiveStringsAsync(pull));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_push_with_no_peer_refuses_with_EAGAIN_and_resumes_when_a_peer_comes()
    {
        var push = Sys.ActorOf(Runtime.SocketProps(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero }));
        var message = ZMessage.FromStrings("nobody");

        push.Tell(new Zmq.Send(message, "queued"), TestActor);

        var failed = await ExpectMsgAsync<Zmq.SendFailed>();
        Assert.Equal(ZmqError.WouldBlock, failed.Error);
        Assert.Same(message, failed.Message);

        // No pipe got room and no peer came: the writer waits (asking twice, it is answered once).
        push.Tell(Zmq.ResumeWriting.Instance, TestActor);
        push.Tell(Zmq.ResumeWriting.Instance, TestActor);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        var pull = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(pull);
        push.Tell(new Zmq.Connect(endpoint), TestActor);
        await ExpectMsgAsync<Zmq.Connecting>();
        await ExpectMsgAsync<Zmq.WritingResumed>();

        push.Tell(new Zmq.Send(message, "queued"), TestActor);
        await ExpectMsgAsync("queued");
        Assert.Equal(["nobody"], await ReceiveStringsAsync(pull));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_req_sending_twice_is_refused_with_EFSM_and_sends_again_after_the_reply()
    {
        var rep = Socket(SocketType.Rep);
        var endpoint = await BindLoopbackAsync(rep);
        var replies = CreateTestProbe();
        var req = Sys.ActorOf(Runtime.SocketProps(SocketType.Req, new SocketOptions { Linger = TimeSpan.Zero }, replies.Ref));
        req.Tell(new Zmq.Connect(endpoint), TestActor);
        await ExpectMsgAsync<Zmq.Connecting>();

        req.Tell(new Zmq.Send(ZMessage.FromStrings("first"), 1), TestActor);
        await ExpectMsgAsync(1);
        req.Tell(new Zmq.Send(ZMessage.FromStrings("second"), 2), TestActor);

        var failed = await ExpectMsgAsync<Zmq.SendFailed>();
        Assert.Equal(ZmqError.InvalidState, failed.Error);
        Assert.Equal(["second"], failed.Message.GetStrings());

        Assert.Equal(["first"], await ReceiveStringsAsync(rep));
        await rep.SendAsync("reply");
        var reply = await replies.ExpectMsgAsync<Zmq.Received>();
        Assert.Equal(["reply"], reply.Message.GetStrings());
        req.Tell(Zmq.ReceiveAck.One, replies.Ref);

        // The reply ends the request: the next one goes.
        req.Tell(new Zmq.Send(ZMessage.FromStrings("second"), 2), TestActor);
        await ExpectMsgAsync(2);
        Assert.Equal(["second"], await ReceiveStringsAsync(rep));
    }

    [Fact]
    public async Task A_send_while_the_socket_lingers_on_close_fails_with_ENOTSOCK_and_waiting_writers_are_resumed()
    {
        // A message for a peer that never comes keeps the socket lingering after Close.
        var nobody = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(nobody);
        await nobody.UnbindAsync(endpoint);
        var push = Sys.ActorOf(Runtime.SocketProps(SocketType.Push, new SocketOptions { Linger = TimeSpan.FromMinutes(1), SendHighWaterMark = 1 }));
        push.Tell(new Zmq.Connect(endpoint), TestActor);
        await ExpectMsgAsync<Zmq.Connecting>();
        push.Tell(new Zmq.Send(ZMessage.FromStrings("lingering"), "queued"), TestActor);
        await ExpectMsgAsync("queued");
        var waiting = CreateTestProbe();
        push.Tell(new Zmq.Send(ZMessage.FromStrings("no room"), "queued"), waiting.Ref);
        Assert.Equal(ZmqError.WouldBlock, (await waiting.ExpectMsgAsync<Zmq.SendFailed>()).Error);
        push.Tell(Zmq.ResumeWriting.Instance, waiting.Ref);
        await waiting.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        await WatchAsync(push);

        push.Tell(Zmq.Close.Instance, TestActor);
        push.Tell(new Zmq.Send(ZMessage.FromStrings("too late"), "queued"), TestActor);

        // EAGAIN would invite the writer to ResumeWriting and retry, but no pipe takes a message again.
        var failed = await ExpectMsgAsync<Zmq.SendFailed>();
        Assert.Equal(ZmqError.NotSocket, failed.Error);
        Assert.Equal(["too late"], failed.Message.GetStrings());

        // A writer waiting for room is not left waiting for good: its next send learns the same.
        await waiting.ExpectMsgAsync<Zmq.WritingResumed>();
        push.Tell(new Zmq.Send(ZMessage.FromStrings("no room"), "queued"), waiting.Ref);
        Assert.Equal(ZmqError.NotSocket, (await waiting.ExpectMsgAsync<Zmq.SendFailed>()).Error);
        push.Tell(Zmq.ResumeWriting.Instance, waiting.Ref);
        await waiting.ExpectMsgAsync<Zmq.WritingResumed>();

        Sys.Stop(push);
        await FishForMessageAsync<Terminated>(t => t.ActorRef.Equals(push));
    }

    [Fact]
    public async Task A_writer_against_a_peer_that_does_not_read_is_refused_without_queueing_and_resumes_losing_nothing()
    {
        var pull = Socket(SocketType.Pull, new SocketOptions { Linger = TimeSpan.Zero, ReceiveHighWaterMark = 10 });
        var endpoint = await BindLoopbackAsync(pull);
        var push = Sys.ActorOf(Runtime.SocketProps(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero, SendHighWaterMark = 10 }));
        var writer = CreateTestProbe();
        push.Tell(new Zmq.Connect(endpoint), writer.Ref);
        await writer.ExpectMsgAsync<Zmq.Connecting>();
        var payload = new byte[4096];
        var next = 0;

        // Fill the pipe, both engines' buffers and the kernel's until no room comes any more.
        var quiet = Dilated(TimeSpan.FromSeconds(1));
        while (true)
        {
            if (await SendAsync(writer, push, next, payload))
            {
                next++;
                continue;
            }

            push.Tell(Zmq.ResumeWriting.Instance, writer.Ref);
            var (resumed, envelope) = await writer.TryReceiveOneAsync(quiet);
            if (!resumed)
            {
                break;
            }

            Assert.IsType<Zmq.WritingResumed>(envelope.Message);
        }

        Output.WriteLine($"{next} messages of {payload.Length} bytes queued before the peer's backpressure held");
        Assert.True(next >= 10, $"only {next} messages were queued");

        // Full: each further send is refused at once, and the socket holds no copy of it.
        const int Refused = 100_000;
        const int Batch = 1000;
        var refused = ZMessage.FromFrames(Encoding.UTF8.GetBytes("refused"), payload);
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        for (var sent = 0; sent < Refused; sent += Batch)
        {
            for (var i = 0; i < Batch; i++)
            {
                push.Tell(new Zmq.Send(refused, "must not be queued"), writer.Ref);
            }

            for (var i = 0; i < Batch; i++)
            {
                var failed = await writer.ExpectMsgAsync<Zmq.SendFailed>(Patience);
                Assert.Equal(ZmqError.WouldBlock, failed.Error);
                Assert.Same(refused, failed.Message);
            }
        }

        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        Output.WriteLine($"managed memory {memoryBefore / 1024} KB before {Refused} refused sends, {memoryAfter / 1024} KB after");

        // 100,000 copies of 4 KB would be 400 MB; what other tests hold meanwhile stays far below the bound.
        Assert.True(memoryAfter - memoryBefore < 64L * 1024 * 1024, $"managed memory grew by {(memoryAfter - memoryBefore) / 1024} KB");

        // The peer reads: the pending ResumeWriting is answered, and the writer goes on where it was refused.
        var total = next + 2000;
        var reading = Task.Run(() => ReceiveSequenceAsync(pull, total));
        await writer.ExpectMsgAsync<Zmq.WritingResumed>(Patience);
        while (next < total)
        {
            if (await SendAsync(writer, push, next, payload))
            {
                next++;
                continue;
            }

            push.Tell(Zmq.ResumeWriting.Instance, writer.Ref);
            await writer.ExpectMsgAsync<Zmq.WritingResumed>(Patience);
        }

        await reading.WaitAsync(Patience * 4);
        AssertNothingReceived(pull);
    }

    [Fact]
    public async Task A_receiver_gets_at_most_its_window_of_unacknowledged_messages_in_order()
    {
        const int Window = 5;
        const int Count = 20;
        var push = Socket(SocketType.Push);
        var endpoint = await BindLoopbackAsync(push);
        var receiver = CreateTestProbe();
        var pull = Sys.ActorOf(Runtime.SocketProps(SocketType.Pull, new SocketOptions { Linger = TimeSpan.Zero, ReceiveWindow = Window }, receiver.Ref));
        pull.Tell(new Zmq.Connect(endpoint), TestActor);
        await ExpectMsgAsync<Zmq.Connecting>();
        for (var i = 0; i < Count; i++)
        {
            await push.SendAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var expected = 0;
        await ExpectReceivedAsync(Window);
        await receiver.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));

        pull.Tell(new Zmq.ReceiveAck(2), receiver.Ref);
        await ExpectReceivedAsync(2);
        await receiver.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));

        // One ack, one message, to the end.
        while (expected < Count)
        {
            pull.Tell(Zmq.ReceiveAck.One, receiver.Ref);
            await ExpectReceivedAsync(1);
        }

        pull.Tell(new Zmq.ReceiveAck(Window), receiver.Ref);
        await receiver.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        async Task ExpectReceivedAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var received = await receiver.ExpectMsgAsync<Zmq.Received>(Patience);
                Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Message.GetString(0));
                Assert.Equal(pull, receiver.LastSender);
                expected++;
            }
        }
    }

    /// <summary>Sends message <paramref name="sequence"/> with its number as ack: true when acked, false when refused with EAGAIN.</summary>
    private static async Task<bool> SendAsync(TestProbe writer, IActorRef socket, int sequence, byte[] payload)
    {
        socket.Tell(new Zmq.Send(ZMessage.FromFrames(BitConverter.GetBytes(sequence), payload), sequence), writer.Ref);
        var answer = await writer.ExpectMsgAsync<object>(Patience);
        switch (answer)
        {
            case int acked:
                Assert.Equal(sequence, acked);
                return true;
            case Zmq.SendFailed failed:
                Assert.Equal(ZmqError.WouldBlock, failed.Error);
                Assert.Equal(sequence, BitConverter.ToInt32(failed.Message[0].Span));
                return false;
            default:
                throw new Xunit.Sdk.XunitException($"expected an ack or a SendFailed, got {answer}");
        }
    }

    /// <summary>Receives messages 0 to <paramref name="count"/> - 1, failing on a gap, a repeat or a stranger.</summary>
    private static async Task ReceiveSequenceAsync(ZSocket socket, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var message = await ReceiveAsync(socket);
            Assert.Equal(4, message[0].Length);
            Assert.Equal(i, BitConverter.ToInt32(message[0].Span));
        }
    }
}
