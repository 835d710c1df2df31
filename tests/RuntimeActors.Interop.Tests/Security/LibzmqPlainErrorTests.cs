using RuntimeActors.TestKit;

namespace RuntimeActors.Interop.Tests.Security;

/// <summary>
/// libzmq's PLAIN server refuses a client with the bytes <c>"^RROR" 03 "400"</c>: its C source spells the command
/// "\x05ERROR", and C reads "\x05E" as one hex escape (0x5E, '^'), so the name's length byte is gone. A raw server
/// replays exactly those bytes (seen on the wire from libzmq 4.3.4's PLAIN server), so this holds without python.
/// </summary>
public sealed class LibzmqPlainErrorTests(ITestOutputHelper output) : InteropTest(output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_plain_server_refusing_with_400_is_an_auth_failure_in_libzmq_spelling_as_in_zmtp_spelling(bool libzmqSpelling)
    {
        await using var listener = await ZmtpTestPeer.BindAsync("tcp://127.0.0.1:*");
        var client = Socket(SocketType.Push, o => o.UsePlainClient("admin", "wrong"));
        var clientEvents = this.MonitorSocket(client);
        await client.ConnectAsync(listener.Endpoint);
        await using var server = await listener.AcceptAsync();

        await server.SendGreetingAsync(mechanism: "PLAIN", asServer: true);
        await server.ExpectGreetingAsync();
        await server.ExpectCommandAsync("HELLO");
        byte[] error = libzmqSpelling ? [.. "^RROR"u8, 3, .. "400"u8] : [5, .. "ERROR"u8, 3, .. "400"u8];
        await server.SendFrameAsync(error, command: true);

        var failed = await clientEvents.ExpectSocketEventAsync(SocketEventKind.HandshakeFailedAuth, timeout: Patience);
        Assert.Equal(400, failed.AuthStatusCode);
    }
}
