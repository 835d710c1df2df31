namespace RuntimeActors.Interop.Tests;

/// <summary>
/// A peer whose socket type cannot talk to ours (RFC 37) is refused at the handshake, and the socket keeps
/// serving the peers it has. The refusals are awaited as HandshakeFailedProtocol monitor events with
/// ZMTP_INVALID_METADATA, as libzmq's PLAIN and CURVE mechanisms report a Socket-Type they cannot talk to.
/// </summary>
public sealed class IncompatiblePeerTests(ITestOutputHelper output) : InteropTest(output)
{
    [Fact]
    public async Task A_dotnet_push_refuses_a_libzmq_push_and_keeps_feeding_its_pull()
    {
        var push = Socket(SocketType.Push);
        WatchSocketEvents();
        var good = await StartLinkedPeerAsync(push, dotnetBinds: true, "PULL", "recv:3");
        await SendAsync(push, "before");
        Assert.Equal(["before"], (await good.ReceivedAsync()).Strings);

        var bad = StartPeer("PUSH", $"connect:{push.LastEndpoint}", "wait:bye");
        var refused = await ExpectSocketEventAsync(push, SocketEventKind.HandshakeFailedProtocol);
        Assert.Equal(ZmqProtocolError.ZmtpInvalidMetadata, refused.ProtocolError);

        // Round robin would give one of these to the intruder, had it been taken as a peer.
        await SendAsync(push, "after 1");
        await SendAsync(push, "after 2");
        Assert.Equal(["after 1"], (await good.ReceivedAsync()).Strings);
        Assert.Equal(["after 2"], (await good.ReceivedAsync()).Strings);
        await good.FinishAsync();
        await bad.TellAsync("bye");
        await bad.FinishAsync();
    }

    // Immediate: without it, messages would queue for the endpoint that never completes a handshake.
    [Fact]
    public async Task A_dotnet_push_connecting_to_a_libzmq_push_is_refused_and_keeps_feeding_its_pull()
    {
        var push = Socket(SocketType.Push, o => o.Immediate = true);
        WatchSocketEvents();
        var bad = StartPeer("PUSH", "bind:tcp://127.0.0.1:*", "wait:bye");
        var badEndpoint = await bad.BoundAsync();
        var good = await StartLinkedPeerAsync(push, dotnetBinds: false, "PULL", "recv:3");

        await push.ConnectAsync(badEndpoint);
        await SendAsync(push, "one");
        var refused = await ExpectSocketEventAsync(push, SocketEventKind.HandshakeFailedProtocol, badEndpoint);
        Assert.Equal(ZmqProtocolError.ZmtpInvalidMetadata, refused.ProtocolError);
        await SendAsync(push, "two");
        await SendAsync(push, "three");

        Assert.Equal(["one"], (await good.ReceivedAsync()).Strings);
        Assert.Equal(["two"], (await good.ReceivedAsync()).Strings);
        Assert.Equal(["three"], (await good.ReceivedAsync()).Strings);
        await good.FinishAsync();
        await bad.TellAsync("bye");
        await bad.FinishAsync();
    }
}
