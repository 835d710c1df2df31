// The protocol test between the snippet markers is the README's example of RuntimeActors.TestKit; it runs as a normal test.
using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

// begin-snippet: protocol-test
public sealed class PullProtocolTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(TestKitConfig.Default(), output: output)
{
    [Fact]
    public async Task A_pull_socket_takes_a_message_from_a_raw_peer_and_drops_a_peer_that_breaks_the_protocol()
    {
        await using var runtime = SocketRuntime.Create(Sys, builder => builder.AddTcp());
        var pull = runtime.CreateSocket(SocketType.Pull);
        var monitor = this.MonitorSocket(pull);
        var endpoint = await pull.BindAsync("tcp://127.0.0.1:*");

        await using var peer = await ZmtpTestPeer.ConnectAsync(endpoint);
        await peer.HandshakeAsync("PUSH");
        await peer.SendMessageAsync("hello");
        using var patience = new CancellationTokenSource(Patience.Dilated(TimeSpan.FromSeconds(10)));
        var message = await pull.ReceiveAsync(patience.Token);
        Assert.Equal("hello", message.GetString(0));

        await peer.SendRawAsync([0x40, 0]); // reserved flag bits: a malformed frame
        await monitor.ExpectSocketEventAsync(SocketEventKind.Disconnected);
        await peer.ExpectDisconnectedAsync();
    }
}
// end-snippet
