using Akka.TestKit;
using RuntimeActors.TestKit;

namespace RuntimeActors.Interop.Tests.Security;

/// <summary>
/// The base of the PLAIN and CURVE tests against libzmq: the theory data (tcp and ipc, either side binding, either
/// side the mechanism's server), the peer steps that set libzmq's security options, and the sentinel that proves a
/// refused peer delivered nothing: a peer that is let in sends a sentinel after the refusal was seen, and the
/// sentinel must be the first message the receiving side gets.
/// </summary>
public abstract class SecurityInteropTest(ITestOutputHelper output) : InteropTest(output)
{
    /// <summary>libzmq's monitor event for a peer refused by ZAP (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH).</summary>
    protected const string AuthFailed = "HANDSHAKE_FAILED_AUTH";

    /// <summary>libzmq's monitor event for a mechanism error (ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL).</summary>
    protected const string ProtocolFailed = "HANDSHAKE_FAILED_PROTOCOL";

    /// <summary>What libzmq's ZAP handlers (and ours) answer a peer they refuse; the server sends it as its ERROR.</summary>
    protected const int Denied = 400;

    protected const string Sentinel = "sentinel";

    public static TheoryData<string, bool> TransportsAndBinds => new()
    {
        { "tcp", true },
        { "tcp", false },
        { "ipc", true },
        { "ipc", false },
    };

    /// <summary>The transport, whether the .NET socket binds, and whether it is the mechanism's server.</summary>
    public static TheoryData<string, bool, bool> TransportsBindsAndServers => new()
    {
        { "tcp", true, true },
        { "tcp", true, false },
        { "tcp", false, true },
        { "tcp", false, false },
        { "ipc", true, true },
        { "ipc", true, false },
        { "ipc", false, true },
        { "ipc", false, false },
    };

    protected static string[] PlainServerSteps() => ["opt:PLAIN_SERVER=1"];

    protected static string[] PlainClientSteps(string user, string password) => [$"opt:PLAIN_USERNAME={user}", $"opt:PLAIN_PASSWORD={password}"];

    /// <summary>A libzmq CURVE server needs only its secret key.</summary>
    protected static string[] CurveServerSteps(CurveKeyPair serverKeys) => ["opt:CURVE_SERVER=1", $"opt:CURVE_SECRETKEY={serverKeys.SecretKeyZ85}"];

    protected static string[] CurveClientSteps(string serverPublicKeyZ85, CurveKeyPair clientKeys) =>
        [$"opt:CURVE_SERVERKEY={serverPublicKeyZ85}", $"opt:CURVE_PUBLICKEY={clientKeys.PublicKeyZ85}", $"opt:CURVE_SECRETKEY={clientKeys.SecretKeyZ85}"];

    /// <summary>A libzmq ZAP handler allowing exactly these CURVE client keys.</summary>
    protected static string AllowCurveStep(params CurveKeyPair[] clients) => $"auth:curve:{string.Join(',', clients.Select(keys => keys.PublicKeyZ85))}";

    /// <summary>Sends without waiting: a refused socket may have nowhere to queue the message.</summary>
    protected static void TrySendNow(ZSocket socket, string frame) => _ = socket.TrySend(ZMessage.FromStrings(frame), TimeSpan.Zero);

    protected static Task<SocketEvent> ExpectEventAsync(TestProbe monitor, SocketEventKind kind) => monitor.ExpectSocketEventAsync(kind, timeout: Patience);

    /// <summary>
    /// Proves a refused libzmq client delivered nothing to our <paramref name="server"/>: a .NET client configured by
    /// <paramref name="sentinelSecurity"/> (one the server lets in) connects to another endpoint of it and sends the
    /// sentinel, which must be the first message the server gets.
    /// </summary>
    /// <returns>The sentinel as received, for its properties.</returns>
    protected async Task<ZMessage> AssertSentinelComesFirstAsync(ZSocket server, string transport, Action<SocketOptions> sentinelSecurity)
    {
        var endpoint = await server.BindAsync(AnyEndpoint(transport));
        var sentinel = Socket(SocketType.Push, sentinelSecurity);
        await sentinel.ConnectAsync(endpoint);
        await SendAsync(sentinel, Sentinel);
        var first = await ReceiveAsync(server);
        Assert.Equal([Sentinel], first.GetStrings());
        return first;
    }

    /// <summary>
    /// Starts a libzmq receiver linked both to <paramref name="refused"/> and to <paramref name="sentinel"/>, two .NET
    /// sockets that bind (and the peer connects to both) or connect to the peer's bind. <see cref="InteropTest.Link"/>
    /// among <paramref name="steps"/> places the peer's binds or connects.
    /// </summary>
    protected async Task<ZmqPeer> StartPeerLinkedToBothAsync(ZSocket refused, ZSocket sentinel, string transport, bool dotnetBinds, string socketType, params string[] steps)
    {
        var link = Array.IndexOf(steps, Link);
        Assert.True(link >= 0, "the steps need a Link");
        var before = steps[..link];
        var after = steps[(link + 1)..];
        if (dotnetBinds)
        {
            var refusedEndpoint = await refused.BindAsync(AnyEndpoint(transport));
            var sentinelEndpoint = await sentinel.BindAsync(AnyEndpoint(transport));
            var connecting = StartPeer(socketType, [.. before, $"connect:{refusedEndpoint}", $"connect:{sentinelEndpoint}", .. after]);
            await connecting.ExpectAsync("connecting");
            await connecting.ExpectAsync("connecting");
            return connecting;
        }

        var peer = StartPeer(socketType, [.. before, $"bind:{AnyEndpoint(transport)}", .. after]);
        var endpoint = await peer.BoundAsync();
        await refused.ConnectAsync(endpoint);
        await sentinel.ConnectAsync(endpoint);
        return peer;
    }

    /// <summary>The events already queued at <paramref name="monitor"/>, without waiting for more.</summary>
    protected static List<SocketEvent> ArrivedEvents(TestProbe monitor)
    {
        var events = new List<SocketEvent>();
        while (monitor.HasMessages)
        {
            if (monitor.ReceiveOne(TimeSpan.Zero) is SocketEvent e)
            {
                events.Add(e);
            }
        }

        return events;
    }
}
