using RuntimeActors.Messages;
using RuntimeActors.Serialization;
using Xunit.Abstractions;

namespace RuntimeActors.Remote.Tests;

/// <summary>The dedicated serializer's format byte for byte: what another node (or version) must read.</summary>
public sealed class ZMessageFormatTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(RemoteConfig.SerializeEverything(), output: output)
{
    private ZMessageSerializer Serializer => new((Akka.Actor.ExtendedActorSystem)Sys);

    [Fact]
    public void A_message_is_its_frame_count_each_frame_length_prefixed_and_a_byte_for_no_properties()
    {
        var bytes = Serializer.ToBinary(ZMessage.FromStrings("ab", "", "c"));

        Assert.Equal("03000000" + "02000000" + "6162" + "00000000" + "01000000" + "63" + "00", Convert.ToHexString(bytes));
        Assert.Equal("M", Serializer.Manifest(ZMessage.FromStrings("ab")));
        Assert.Equal(ZMessageSerializer.SerializerIdentifier, Serializer.Identifier);
        Assert.Equal(5555, Serializer.Identifier);
    }

    [Fact]
    public void Properties_follow_the_frames_as_length_prefixed_UTF8_strings()
    {
        var message = ZMessage.FromStrings("x");
        message.Properties = MessageProperties.Restore("h", null, new Dictionary<string, string> { ["K"] = "v" });

        var bytes = Serializer.ToBinary(message);

        Assert.Equal("01000000" + "01000000" + "78" + "01" + "01000000" + "68" + "FFFFFFFF" + "01000000" + "01000000" + "4B" + "01000000" + "76", Convert.ToHexString(bytes));
    }

    [Fact]
    public void Send_received_and_send_failed_add_to_the_message_block()
    {
        var message = ZMessage.FromStrings("x");
        const string Block = "01000000" + "01000000" + "78" + "00";

        Assert.Equal(Block, Convert.ToHexString(Serializer.ToBinary(new Zmq.Received(message))));
        Assert.Equal(Block + "00", Convert.ToHexString(Serializer.ToBinary(new Zmq.Send(message))));
        Assert.Equal(Block + "0B000000" + "02000000" + "6869", Convert.ToHexString(Serializer.ToBinary(new Zmq.SendFailed(message, ZmqError.WouldBlock) { Reason = "hi" })));
        Assert.Equal(["R", "S", "F"], new object[] { new Zmq.Received(message), new Zmq.Send(message), new Zmq.SendFailed(message, ZmqError.WouldBlock) }.Select(Serializer.Manifest));

        var withAck = Serializer.ToBinary(new Zmq.Send(message, new byte[] { 0xAB }));
        // The ack as its own serializer writes it: Akka's byte array serializer (id 4), no manifest, the one byte.
        Assert.Equal(Block + "01" + "04000000" + "00000000" + "01000000" + "AB", Convert.ToHexString(withAck));
    }

    [Fact]
    public void A_truncated_or_padded_payload_is_refused()
    {
        var bytes = Serializer.ToBinary(ZMessage.FromStrings("abc"));

        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary(bytes[..^2], "M"));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary([.. bytes, 0], "M"));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary([0xFF, 0xFF, 0xFF, 0x7F, 0], "M"));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary(bytes, "?"));
    }
}
