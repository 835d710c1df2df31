using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>MaxConnections: a bound listener keeps at most that many connections and closes the others at once.</summary>
public sealed class ListenerLimitTests(ITestOutputHelper output) : SocketTestKit(output)
{
    [Fact]
    public async Task A_listener_at_MaxConnections_closes_the_next_connection_at_once_and_serves_those_it_keeps()
    {
        var pull = Socket(SocketType.Pull, new SocketOptions { Linger = TimeSpan.Zero, MaxConnections = 2 });
        var monitor = Monitor(pull);
        var endpoint = await BindLoopbackAsync(pull);
        var first = await ZmtpTestPeer.ConnectAsync(endpoint);
        await first.HandshakeAsync("PUSH");
        await using var second = await ZmtpTestPeer.ConnectAsync(endpoint);
        await second.HandshakeAsync("PUSH");

        // The third is closed before anything is read or sent: not even our greeting goes out.
        await EventFilter.Warning(contains: "keeps at most 2 connections (MaxConnections); 1 refused so far").ExpectOneAsync(async () =>
        {
            await using var third = await ZmtpTestPeer.ConnectAsync(endpoint);
            Assert.Empty(await third.ExpectDisconnectedAsync());
        });

        await first.SendMessageAsync("from the first");
        await second.SendMessageAsync("from the second");
        var received = new[] { (await ReceiveStringsAsync(pull))[0], (await ReceiveStringsAsync(pull))[0] };
        Assert.Equal(["from the first", "from the second"], received.Order());

        // A connection that ends frees its place.
        await first.DisposeAsync();
        await ExpectEventAsync(monitor, SocketEventKind.Disconnected);
        await using var fourth = await ConnectWhenServedAsync(endpoint);
        await fourth.SendMessageAsync("from the fourth");
        Assert.Equal("from the fourth", (await ReceiveStringsAsync(pull))[0]);
    }

    [Fact]
    public async Task Without_MaxConnections_a_listener_keeps_every_connection()
    {
        var pull = Socket(SocketType.Pull);
        var endpoint = await BindLoopbackAsync(pull);
        var peers = new List<ZmtpTestPeer>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var peer = await ZmtpTestPeer.ConnectAsync(endpoint);
                peers.Add(peer);
                await peer.HandshakeAsync("PUSH");
            }

            await peers[^1].SendMessageAsync("the twentieth");
            Assert.Equal("the twentieth", (await ReceiveStringsAsync(pull))[0]);
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    [Fact]
    public void A_negative_MaxConnections_is_refused()
    {
        var error = Assert.Throws<ZmqException>(() => Socket(SocketType.Pull, new SocketOptions { MaxConnections = -1 }));
        Assert.Equal(ZmqError.InvalidArgument, error.Error);
    }

    /// <summary>
    /// A session publishes Disconnected just before it stops and its listener frees its place, so a connection made in
    /// between may still be refused: connect until one is served (each attempt ends on an event, none waits blindly).
    /// </summary>
    private static async Task<ZmtpTestPeer> ConnectWhenServedAsync(string endpoint)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var peer = await ZmtpTestPeer.ConnectAsync(endpoint);
            try
            {
                await peer.HandshakeAsync("PUSH");
                return peer;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await peer.DisposeAsync();
            }
        }
    }
}
