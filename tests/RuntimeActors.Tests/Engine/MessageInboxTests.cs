using RuntimeActors.Engine;
using ZPipe = RuntimeActors.Pipes.Pipe;

namespace RuntimeActors.Tests.Engine;

public sealed class MessageInboxTests
{
    private readonly FakeEngineHost _host = new();
    private readonly ZPipe _pipe = new("inproc://inbox", 10);

    [Fact]
    public void A_join_message_carries_its_inbox_to_the_other_end()
    {
        var inbox = new MessageInbox(_host, _pipe);

        Assert.Same(inbox, MessageInbox.FromJoinMessage(inbox.ToJoinMessage()));
    }

    [Fact]
    public void Other_messages_carry_no_inbox()
    {
        Assert.Null(MessageInbox.FromJoinMessage(ZMessage.FromStrings("join")));
        Assert.Null(MessageInbox.FromJoinMessage(ZMessage.Handshake("PUSH", default)));
    }

    [Fact]
    public async Task An_open_inbox_delivers_to_its_socket_with_its_pipe()
    {
        var inbox = new MessageInbox(_host, _pipe);

        Assert.True(inbox.TryTake(ZMessage.FromStrings("m")));

        Assert.Equal("m", (await _host.NextDeliveryAsync()).ToString());
        Assert.Equal([_pipe], _host.Pipes);
    }

    [Fact]
    public void A_closed_inbox_refuses_and_leaves_the_message_with_the_sender()
    {
        var inbox = new MessageInbox(_host, _pipe);
        inbox.Close();

        Assert.False(inbox.TryTake(ZMessage.FromStrings("m")));
        Assert.False(_host.HasDelivery);
    }
}
