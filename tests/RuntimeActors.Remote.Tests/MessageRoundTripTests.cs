using System.Text;
using Akka.Actor;
using Akka.Serialization;
using RuntimeActors.Messages;
using RuntimeActors.Serialization;
using Xunit.Abstractions;

namespace RuntimeActors.Remote.Tests;

/// <summary>
/// Every message of the actor face through the serializer an Akka.Remote node picks for it, as remoting calls it:
/// the expected serializer is chosen (the dedicated one for messages that carry a ZMessage, Hyperion for the rest)
/// and what comes back equals what went.
/// </summary>
public sealed class MessageRoundTripTests : Akka.TestKit.Xunit2.TestKit
{
    public MessageRoundTripTests(ITestOutputHelper output)
        : base(RemoteConfig.Node(), output: output)
    {
        // The runtime binds its messages when its extension starts: nothing else is configured.
        SocketRuntime.Get(Sys);
    }

    public static TheoryData<object> CommandsAndReplies() =>
    [
        new Zmq.Bind("tcp://*:5555"),
        new Zmq.Bound("tcp://0.0.0.0:5555"),
        new Zmq.Connect("tcp://localhost:5555"),
        new Zmq.Connecting("tcp://localhost:5555"),
        new Zmq.Unbind("tcp://0.0.0.0:5555"),
        new Zmq.Unbound("tcp://0.0.0.0:5555"),
        new Zmq.Disconnect("tcp://localhost:5555"),
        new Zmq.Disconnected("tcp://localhost:5555"),
        new Zmq.ReceiveAck(7),
        Zmq.ReceiveAck.One,
        Zmq.Close.Instance,
        Zmq.Closed.Instance,
    ];

    [Theory]
    [MemberData(nameof(CommandsAndReplies))]
    public void A_command_or_reply_goes_through_Hyperion_and_comes_back_equal(object message)
    {
        var back = RoundTrip(message, out var serializer);

        Assert.IsType<HyperionSerializer>(serializer);
        Assert.Equal(message, back);
    }

    [Fact]
    public void The_flow_control_signals_go_through_Hyperion()
    {
        Assert.IsType<Zmq.ResumeWriting>(RoundTrip(Zmq.ResumeWriting.Instance, out var resume));
        Assert.IsType<Zmq.WritingResumed>(RoundTrip(Zmq.WritingResumed.Instance, out var resumed));
        Assert.IsType<HyperionSerializer>(resume);
        Assert.IsType<HyperionSerializer>(resumed);
    }

    [Fact]
    public void A_subscription_keeps_its_topic_bytes_even_from_a_slice_of_a_larger_array()
    {
        var array = "xxtopic\0\u00ffyy"u8.ToArray();
        var topic = new ReadOnlyMemory<byte>(array, 2, 7);

        var subscribe = (Zmq.Subscribe)RoundTrip(new Zmq.Subscribe(topic), out var serializer);
        var unsubscribe = (Zmq.Unsubscribe)RoundTrip(new Zmq.Unsubscribe(topic), out _);
        var empty = (Zmq.Subscribe)RoundTrip(new Zmq.Subscribe(ReadOnlyMemory<byte>.Empty), out _);

        Assert.IsType<HyperionSerializer>(serializer);
        Assert.Equal(topic.ToArray(), subscribe.Topic.ToArray());
        Assert.Equal(topic.ToArray(), unsubscribe.Topic.ToArray());
        Assert.True(empty.Topic.IsEmpty);
    }

    [Fact]
    public void A_monitor_request_keeps_its_listener()
    {
        var listener = CreateTestProbe().Ref;

        var back = (Zmq.Monitor)RoundTrip(new Zmq.Monitor(listener), out var serializer);

        Assert.IsType<HyperionSerializer>(serializer);
        Assert.Equal(listener, back.Listener);
    }

    [Fact]
    public void A_socket_event_keeps_its_kind_socket_endpoint_delay_value_and_error()
    {
        var socket = CreateTestProbe().Ref;
        var events = new[]
        {
            new SocketEvent(SocketEventKind.Listening, socket, "tcp://127.0.0.1:5555"),
            new SocketEvent(SocketEventKind.ConnectRetried, socket, "tcp://127.0.0.1:5555", Delay: TimeSpan.FromMilliseconds(200)),
            new SocketEvent(SocketEventKind.HandshakeFailedAuth, socket, "tcp://127.0.0.1:5555", Value: 400),
            new SocketEvent(SocketEventKind.BindFailed, socket, "tcp://127.0.0.1:5555", new ZmqException(ZmqError.AddressInUse, "tcp://127.0.0.1:5555", "the address is in use")),
        };

        foreach (var sent in events)
        {
            var back = (SocketEvent)RoundTrip(sent, out var serializer);

            Assert.IsType<HyperionSerializer>(serializer);
            Assert.Equal((sent.Kind, sent.Socket, sent.Endpoint, sent.Delay, sent.Value, sent.AuthStatusCode), (back.Kind, back.Socket, back.Endpoint, back.Delay, back.Value, back.AuthStatusCode));
            if (sent.Error is ZmqException error)
            {
                AssertSameZmqException(error, back.Error);
            }
            else
            {
                Assert.Null(back.Error);
            }
        }
    }

    [Fact]
    public void A_socket_event_with_another_exception_keeps_its_type_and_message()
    {
        var sent = new SocketEvent(SocketEventKind.Disconnected, CreateTestProbe().Ref, "tcp://127.0.0.1:5555", new IOException("the peer reset the connection"));

        var back = (SocketEvent)RoundTrip(sent, out _);

        var error = Assert.IsType<IOException>(back.Error);
        Assert.Equal("the peer reset the connection", error.Message);
    }

    [Fact]
    public void A_failure_reply_keeps_the_ZmqException_code_endpoint_and_reason()
    {
        ZmqException thrown;
        try
        {
            throw new ZmqException(ZmqError.AddressInUse, "tcp://127.0.0.1:5555", "the address is in use");
        }
        catch (ZmqException e)
        {
            thrown = e;
        }

        // Status.Failure is Akka.Remote's to serialize (akka-misc): the exception must survive its ISerializable path.
        var back = (Status.Failure)RoundTrip(new Status.Failure(thrown), out _);

        AssertSameZmqException(thrown, back.Cause);
        Assert.Contains(nameof(A_failure_reply_keeps_the_ZmqException_code_endpoint_and_reason), back.Cause.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ZmqException_keeps_its_inner_exception_through_Hyperion()
    {
        var sent = new SocketEvent(SocketEventKind.BindFailed, CreateTestProbe().Ref, "ipc:///nope/x", new ZmqException(ZmqError.NoSuchEndpoint, "ipc:///nope/x", "no such directory", new DirectoryNotFoundException("/nope")));

        var back = (SocketEvent)RoundTrip(sent, out _);

        var error = Assert.IsType<ZmqException>(back.Error);
        Assert.Equal("/nope", Assert.IsType<DirectoryNotFoundException>(error.InnerException).Message);
    }

    [Fact]
    public void A_message_and_the_messages_that_carry_one_go_through_the_dedicated_serializer()
    {
        var body = new byte[1024];
        Random.Shared.NextBytes(body);
        var message = ZMessage.FromFrames("routing"u8.ToArray(), [], body);
        var ack = new Acked(42);

        var sent = new object[]
        {
            message,
            new Zmq.Received(message),
            new Zmq.Send(message),
            new Zmq.Send(message, ack),
            new Zmq.Send(message, "ack-as-a-string"),
            new Zmq.SendFailed(message, ZmqError.WouldBlock) { Reason = "the high-water mark is reached" },
        };

        foreach (var original in sent)
        {
            var back = RoundTrip(original, out var serializer);

            Assert.IsType<ZMessageSerializer>(serializer);
            Assert.Equal(original.GetType(), back.GetType());
            AssertSameFrames(message, back switch
            {
                ZMessage m => m,
                Zmq.Received r => r.Message,
                Zmq.Send s => s.Message,
                Zmq.SendFailed f => f.Message,
                _ => throw new InvalidOperationException(back.GetType().Name),
            });
        }

        var sends = sent.OfType<Zmq.Send>().Select(s => ((Zmq.Send)RoundTrip(s, out _)).Ack).ToArray();
        Assert.Equal([null, ack, "ack-as-a-string"], sends);
        var failed = (Zmq.SendFailed)RoundTrip(sent[^1], out _);
        Assert.Equal((ZmqError.WouldBlock, "the high-water mark is reached"), (failed.Error, failed.Reason));
    }

    [Fact]
    public void A_received_message_keeps_its_connection_properties()
    {
        var message = ZMessage.FromStrings("payload");
        message.Properties = MessageProperties.Restore("192.0.2.7", "alice", new Dictionary<string, string>
        {
            ["Peer-Address"] = "192.0.2.7",
            ["User-Id"] = "alice",
            ["Socket-Type"] = "DEALER",
            ["X-Tenant"] = "blue \u00e9",
        });

        foreach (var back in new[] { (ZMessage)RoundTrip(message, out _), ((Zmq.Received)RoundTrip(new Zmq.Received(message), out _)).Message })
        {
            Assert.Equal("192.0.2.7", back.PeerAddress);
            Assert.Equal("alice", back.UserId);
            Assert.Equal("DEALER", back.GetProperty("socket-type"));
            Assert.Equal("blue \u00e9", back.GetProperty("X-Tenant"));
        }

        Assert.Null(((ZMessage)RoundTrip(ZMessage.FromStrings("built here"), out _)).PeerAddress);
    }

    [Fact]
    public void Serializing_copies_pooled_frames_and_the_copy_owns_its_frames()
    {
        var buffer = FrameBuffer.Rent(16, dedicated: true);
        "pooled"u8.CopyTo(buffer.Array);
        var pooled = ZMessage.Rent().Append(buffer.Array.AsMemory(0, 6), buffer);
        var serializer = Sys.Serialization.FindSerializerFor(pooled);
        var bytes = serializer.ToBinary(pooled);

        // The runtime recycles its message: the buffer goes back to the pool and its bytes may be overwritten.
        pooled.Recycle();
        var back = (ZMessage)Sys.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, pooled));

        Assert.Equal("pooled", back.GetString(0));
        Assert.False(back.IsPooled);
        Assert.Null(back.FirstBuffer);
    }

    [Fact]
    public void A_ZMessage_inside_an_application_message_goes_through_Hyperion_as_its_frames()
    {
        var hyperion = new HyperionSerializer((ExtendedActorSystem)Sys);
        var message = ZMessage.FromStrings("inside", "another");
        message.Properties = MessageProperties.Restore("192.0.2.7", null, new Dictionary<string, string> { ["Peer-Address"] = "192.0.2.7" });

        var back = (Carrier)hyperion.FromBinary(hyperion.ToBinary(new Carrier("topic", message)), typeof(Carrier));

        Assert.Equal("topic", back.Topic);
        AssertSameFrames(message, back.Message);
        Assert.Equal("192.0.2.7", back.Message.PeerAddress);
    }

    private object RoundTrip(object message, out Serializer serializer)
    {
        serializer = Sys.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
    }

    private static void AssertSameFrames(ZMessage expected, ZMessage actual) =>
        Assert.Equal(expected.Select(f => Convert.ToHexString(f.Span)), actual.Select(f => Convert.ToHexString(f.Span)));

    private static void AssertSameZmqException(ZmqException expected, Exception? actual)
    {
        var error = Assert.IsType<ZmqException>(actual);
        Assert.Equal(expected.Error, error.Error);
        Assert.Equal(expected.Endpoint, error.Endpoint);
        Assert.Equal(expected.Reason, error.Reason);
        Assert.Equal(expected.Message, error.Message);
    }

    /// <summary>An application's ack.</summary>
    public sealed record Acked(int Sequence);

    /// <summary>An application's message holding a ZMessage, serialized by Hyperion as a whole.</summary>
    public sealed record Carrier(string Topic, ZMessage Message);
}
