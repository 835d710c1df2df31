using RuntimeActors.TestKit;

namespace RuntimeActors.Interop.Tests.Security;

/// <summary>
/// PLAIN (RFC 24) against libzmq, over tcp and ipc, either side binding: our server with our ZapAuthenticator and a
/// libzmq client, and a libzmq server with pyzmq's ThreadAuthenticator and our client. An allowed user's messages
/// cross both ways and the server names the sender by the user id ZAP gave; a refused user gets ERROR "400", seen
/// as an auth failure by the server's monitor and ours, and delivers nothing.
/// </summary>
public sealed class PlainTests(ITestOutputHelper output) : SecurityInteropTest(output)
{
    private const string User = "admin";
    private const string Password = "secret";

    [Theory]
    [MemberData(nameof(TransportsAndBinds))]
    public async Task Our_server_lets_in_a_libzmq_client_our_zap_allows_and_names_it_by_user_id(string transport, bool dotnetBinds)
    {
        using var zap = Runtime.UseZapHandler(new ZapAuthenticator().AllowPlain(User, Password).HandleAsync);
        var server = Socket(SocketType.Pair, o => o.UsePlainServer());
        var peer = await StartLinkedPeerAsync(server, transport, dotnetBinds, "PAIR", [.. PlainClientSteps(User, Password), Link, "send:hello|plain", "recv:1"]);

        var received = await ReceiveAsync(server);
        Assert.Equal(["hello", "plain"], received.GetStrings());
        Assert.Equal(User, received.UserId);
        Assert.Equal("PAIR", received.GetProperty("Socket-Type"));
        // Over ipc, libzmq 4.3.4 names a peer by its SO_PEERCRED credentials ("localhost:0:0:4947"); we do not: tcp only.
        if (transport == "tcp")
        {
            Assert.Equal("127.0.0.1", received.PeerAddress);
        }

        await SendAsync(server, "back", "from .NET");
        Assert.Equal(["back", "from .NET"], (await peer.ReceivedAsync()).Strings);
        await peer.FinishAsync();
    }

    /// <summary>
    /// We send ERROR "400" as ZMTP spells it; libzmq's PLAIN client knows only its own misspelt ERROR (see
    /// <see cref="LibzmqPlainErrorTests"/>), so it sees an unexpected command rather than an auth failure. It is
    /// refused all the same, and as a protocol error ends its session instead of reconnecting.
    /// </summary>
    [Theory]
    [MemberData(nameof(TransportsAndBinds))]
    public async Task Our_server_refuses_a_libzmq_client_with_a_wrong_password_with_400_and_gets_nothing_from_it(string transport, bool dotnetBinds)
    {
        using var zap = Runtime.UseZapHandler(new ZapAuthenticator().AllowPlain(User, Password).HandleAsync);
        var server = Socket(SocketType.Pull, o => o.UsePlainServer());
        var serverEvents = this.MonitorSocket(server);
        var peer = await StartLinkedPeerAsync(
            server, transport, dotnetBinds, "PUSH", ["monitor", "opt:LINGER=0", .. PlainClientSteps(User, "wrong"), Link, "trysend:stolen", "wait:bye"]);

        Assert.Equal(Denied, (await ExpectEventAsync(serverEvents, SocketEventKind.HandshakeFailedAuth)).AuthStatusCode);
        Assert.Equal((long)ZmqProtocolError.ZmtpUnexpectedCommand, (await peer.ExpectMonitorAsync(ProtocolFailed)).Value);

        var first = await AssertSentinelComesFirstAsync(server, transport, o => o.UsePlainClient(User, Password));
        Assert.Equal(User, first.UserId);
        await peer.TellAsync("bye");
        await peer.FinishAsync();
    }

    [Theory]
    [MemberData(nameof(TransportsAndBinds))]
    public async Task A_libzmq_server_lets_in_our_client_its_zap_allows_and_names_it_by_user_id(string transport, bool dotnetBinds)
    {
        var client = Socket(SocketType.Pair, o => o.UsePlainClient(User, Password));
        var peer = await StartLinkedPeerAsync(
            client, transport, dotnetBinds, "PAIR", [$"auth:plain:{User}:{Password},other:pw", .. PlainServerSteps(), Link, "recvid:1", "send:back|from libzmq"]);

        await SendAsync(client, "hello", "plain");
        var received = await peer.ReceivedAsync();
        Assert.Equal(["hello", "plain"], received.Strings);
        Assert.Equal(User, received.UserId);

        Assert.Equal(["back", "from libzmq"], (await ReceiveAsync(client)).GetStrings());
        await peer.FinishAsync();
    }

    [Theory]
    [MemberData(nameof(TransportsAndBinds))]
    public async Task A_libzmq_server_refuses_our_client_with_a_wrong_password_with_400_and_gets_nothing_from_it(string transport, bool dotnetBinds)
    {
        var refused = Socket(SocketType.Push, o => o.UsePlainClient(User, "wrong"));
        var sentinel = Socket(SocketType.Push, o => o.UsePlainClient(User, Password));
        var refusedEvents = this.MonitorSocket(refused);
        var peer = await StartPeerLinkedToBothAsync(
            refused, sentinel, transport, dotnetBinds, "PULL", ["monitor", $"auth:plain:{User}:{Password}", .. PlainServerSteps(), Link, "recvid:1"]);
        TrySendNow(refused, "stolen");

        Assert.Equal(Denied, (await ExpectEventAsync(refusedEvents, SocketEventKind.HandshakeFailedAuth)).AuthStatusCode);
        Assert.Equal(Denied, (await peer.ExpectMonitorAsync(AuthFailed)).Value);

        await SendAsync(sentinel, Sentinel);
        var first = await peer.ReceivedAsync();
        Assert.Equal([Sentinel], first.Strings);
        Assert.Equal(User, first.UserId);
        await peer.FinishAsync();
    }
}
