using RuntimeActors.TestKit;

namespace RuntimeActors.Interop.Tests.Security;

/// <summary>
/// CURVE (RFC 26) against libzmq, over tcp and ipc, either side binding, either side the server: messages cross both
/// ways in MESSAGE boxes; a client with the wrong server key fails at HELLO, which the server reports as a
/// cryptographic error; a client key is let in or refused by the server's ZAP handler (ours, or pyzmq's
/// ThreadAuthenticator with a directory of certificates), and a refused client delivers nothing.
/// </summary>
public sealed class CurveTests(ITestOutputHelper output) : SecurityInteropTest(output)
{
    private static readonly CurveKeyPair ServerKeys = CurveKeyPair.Generate();
    private static readonly CurveKeyPair ClientKeys = CurveKeyPair.Generate();
    private static readonly CurveKeyPair OtherKeys = CurveKeyPair.Generate();

    [Theory]
    [MemberData(nameof(TransportsBindsAndServers))]
    public async Task Multipart_messages_cross_both_ways(string transport, bool dotnetBinds, bool dotnetIsServer)
    {
        var pair = Socket(SocketType.Pair, o => _ = dotnetIsServer ? o.UseCurveServer(ServerKeys) : o.UseCurveClient(ServerKeys.PublicKeyZ85, ClientKeys));
        var security = dotnetIsServer ? CurveClientSteps(ServerKeys.PublicKeyZ85, ClientKeys) : CurveServerSteps(ServerKeys);
        var peer = await StartLinkedPeerAsync(pair, transport, dotnetBinds, "PAIR", [.. security, Link, "echo:1:echoed ", "send:from|hex:00ff|hex:|libzmq"]);

        await SendAsync(pair, ZMessage.FromFrames([Bytes("hello"), [], [0, 1, 2, 255], Bytes("curve")]));

        var echoed = await peer.ExpectAsync("echoed");
        Assert.Equal([Bytes("hello"), [], [0, 1, 2, 255], Bytes("echoed curve")], echoed.Frames);
        var back = await ReceiveAsync(pair);
        Assert.Equal([Bytes("hello"), [], [0, 1, 2, 255], Bytes("echoed curve")], back.Select(frame => frame.ToArray()));
        var fromLibzmq = await ReceiveAsync(pair);
        Assert.Equal([Bytes("from"), [0x00, 0xff], [], Bytes("libzmq")], fromLibzmq.Select(frame => frame.ToArray()));
        Assert.Equal("PAIR", fromLibzmq.GetProperty("Socket-Type"));
        await peer.FinishAsync();
    }

    [Theory]
    [MemberData(nameof(TransportsAndBinds))]
    public async Task Our_server_refuses_a_libzmq_client_with_the_wrong_server_key_as_a_cryptographic_error(string transport, bool dotnetBinds)
    {
        var server = Socket(SocketType.Pull, o => o.UseCurveServer(ServerKeys));
        var serverEvents = this.MonitorSocket(server);
        var peer = await StartLinkedPeerAsync(
            server, transport, dotnetBinds, "PUSH", ["opt:LINGER=0", .. CurveClientSteps(OtherKeys.PublicKeyZ85, ClientKeys), Link, "trysend:stolen", "wait:bye"]);

        var failed = await ExpectEventAsync(serverEvents, SocketEventKind.HandshakeFailedProtocol);
        Assert.Equal(ZmqProtocolError.ZmtpCryptographic, failed.ProtocolError);

        await AssertSentinelComesFirstAsync(server, transport, o => o.UseCurveClient(ServerKeys.PublicKeyZ85));
        await peer.TellAsync("bye");
        await peer.FinishAsync();
    }

    [Theory]
    [MemberData(nameof(TransportsAndBinds))]
    public async Task A_libzmq_server_refuses_our_client_with_the_wrong_server_key_as_a_cryptographic_error(string transport, bool dotnetBinds)
    {
        var refused = Socket(SocketType.Push, o => o.UseCurveClient(OtherKeys.PublicKeyZ85, ClientKeys));
        var sentinel = Socket(SocketType.Push, o => o.UseCurveClient(ServerKeys.PublicKeyZ85));
        var peer = await StartPeerLinkedToBothAsync(refused, sentinel, transport, dotnetBinds, "PULL", ["monitor", .. CurveServerSteps(ServerKeys), Link, "recv:1"]);
        TrySendNow(refused, "stolen");

        Assert.Equal((long)ZmqProtocolError.ZmtpCryptographic, (await peer.ExpectMonitorAsync(ProtocolFailed)).Value);

        await SendAsync(sentinel, Sentinel);
        Assert.Equal([Sentinel], (await peer.ReceivedAsync()).Strings);
        await peer.FinishAsync();
    }

    [Theory]
    [MemberData(nameof(TransportsAndBinds))]
    public async Task Our_zap_lets_in_a_libzmq_client_key_it_allows_and_names_it_by_that_key(string transport, bool dotnetBinds)
    {
        using var zap = Runtime.UseZapHandler(new ZapAuthenticator().AllowCurve(OtherKeys.PublicKeyZ85).AllowCurve(ClientKeys.PublicKeyZ85).HandleAsync);
        var server = Socket(SocketType.Pair, o => o.UseCurveServer(ServerKeys));
        var peer = await StartLinkedPeerAsync(
            server, transport, dotnetBinds, "PAIR", [.. CurveClientSteps(ServerKeys.PublicKeyZ85, ClientKeys), Link, "send:hello|curve", "recv:1"]);

        var received = await ReceiveAsync(server);
        Assert.Equal(["hello", "curve"], received.GetStrings());
        Assert.Equal(ClientKeys.PublicKeyZ85, received.UserId);

        await SendAsync(server, "back");
        Assert.Equal(["back"], (await peer.ReceivedAsync()).Strings);
        await peer.FinishAsync();
    }

    [Theory]
    [MemberData(nameof(TransportsAndBinds))]
    public async Task Our_zap_refuses_a_libzmq_client_key_it_does_not_know_with_400_on_both_sides(string transport, bool dotnetBinds)
    {
        using var zap = Runtime.UseZapHandler(new ZapAuthenticator().AllowCurve(ClientKeys.PublicKeyZ85).HandleAsync);
        var server = Socket(SocketType.Pull, o => o.UseCurveServer(ServerKeys));
        var serverEvents = this.MonitorSocket(server);
        var peer = await StartLinkedPeerAsync(
            server, transport, dotnetBinds, "PUSH", ["monitor", "opt:LINGER=0", .. CurveClientSteps(ServerKeys.PublicKeyZ85, OtherKeys), Link, "trysend:stolen", "wait:bye"]);

        Assert.Equal(Denied, (await ExpectEventAsync(serverEvents, SocketEventKind.HandshakeFailedAuth)).AuthStatusCode);
        Assert.Equal(Denied, (await peer.ExpectMonitorAsync(AuthFailed)).Value);

        var first = await AssertSentinelComesFirstAsync(server, transport, o => o.UseCurveClient(ServerKeys.PublicKeyZ85, ClientKeys));
        Assert.Equal(ClientKeys.PublicKeyZ85, first.UserId);
        await peer.TellAsync("bye");
        await peer.FinishAsync();
    }

    [Theory]
    [MemberData(nameof(TransportsAndBinds))]
    public async Task Libzmq_zap_lets_in_our_client_key_it_allows_and_names_it_by_that_key(string transport, bool dotnetBinds)
    {
        var client = Socket(SocketType.Pair, o => o.UseCurveClient(ServerKeys.PublicKeyZ85, ClientKeys));
        var peer = await StartLinkedPeerAsync(
            client, transport, dotnetBinds, "PAIR", [AllowCurveStep(OtherKeys, ClientKeys), .. CurveServerSteps(ServerKeys), Link, "recvid:1", "send:back|from libzmq"]);

        await SendAsync(client, "hello", "curve");
        var received = await peer.ReceivedAsync();
        Assert.Equal(["hello", "curve"], received.Strings);
        Assert.Equal(ClientKeys.PublicKeyZ85, received.UserId);

        Assert.Equal(["back", "from libzmq"], (await ReceiveAsync(client)).GetStrings());
        await peer.FinishAsync();
    }

    [Theory]
    [MemberData(nameof(TransportsAndBinds))]
    public async Task Libzmq_zap_refuses_our_client_key_it_does_not_know_with_400_on_both_sides(string transport, bool dotnetBinds)
    {
        var refused = Socket(SocketType.Push, o => o.UseCurveClient(ServerKeys.PublicKeyZ85, OtherKeys));
        var sentinel = Socket(SocketType.Push, o => o.UseCurveClient(ServerKeys.PublicKeyZ85, ClientKeys));
        var refusedEvents = this.MonitorSocket(refused);
        var peer = await StartPeerLinkedToBothAsync(
            refused, sentinel, transport, dotnetBinds, "PULL", ["monitor", AllowCurveStep(ClientKeys), .. CurveServerSteps(ServerKeys), Link, "recvid:1"]);
        TrySendNow(refused, "stolen");

        Assert.Equal(Denied, (await ExpectEventAsync(refusedEvents, SocketEventKind.HandshakeFailedAuth)).AuthStatusCode);
        Assert.Equal(Denied, (await peer.ExpectMonitorAsync(AuthFailed)).Value);

        await SendAsync(sentinel, Sentinel);
        var first = await peer.ReceivedAsync();
        Assert.Equal([Sentinel], first.Strings);
        Assert.Equal(ClientKeys.PublicKeyZ85, first.UserId);
        await peer.FinishAsync();
    }

    [Theory]
    [MemberData(nameof(TransportsBindsAndServers))]
    public async Task A_10_MB_multipart_message_crosses_both_ways_intact(string transport, bool dotnetBinds, bool dotnetIsServer)
    {
        var pair = Socket(SocketType.Pair, o => _ = dotnetIsServer ? o.UseCurveServer(ServerKeys) : o.UseCurveClient(ServerKeys.PublicKeyZ85, ClientKeys));
        var security = dotnetIsServer ? CurveClientSteps(ServerKeys.PublicKeyZ85, ClientKeys) : CurveServerSteps(ServerKeys);
        var peer = await StartLinkedPeerAsync(pair, transport, dotnetBinds, "PAIR", [.. security, Link, "echo:1:"]);
        byte[][] frames = [Pattern(10 * 1024 * 1024), Bytes("tail")];

        await SendAsync(pair, ZMessage.FromFrames(frames));

        AssertSameFrames(frames, (await peer.ExpectAsync("echoed")).Frames, "libzmq received");
        AssertSameFrames(frames, (await ReceiveAsync(pair)).Select(frame => frame.ToArray()).ToArray(), "the echo we received");
        await peer.FinishAsync();
    }

    // Assert.Equal compares byte by byte through its generic comparer, which takes seconds over 10 MB.
    private static void AssertSameFrames(byte[][] expected, IReadOnlyList<byte[]> actual, string what)
    {
        Assert.Equal(expected.Select(frame => frame.Length), actual.Select(frame => frame.Length));
        for (var i = 0; i < expected.Length; i++)
        {
            var same = expected[i].AsSpan().CommonPrefixLength(actual[i]);
            Assert.True(same == expected[i].Length, $"Frame {i} of {what} differs from what was sent at byte {same}.");
        }
    }

    // Bytes that differ with their position, so that a shifted or truncated frame shows.
    private static byte[] Pattern(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)((i * 31) + (i >> 16) + 1);
        }

        return bytes;
    }
}
