using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.Transports.Tcp.Tests;

public class TcpConnectionTests
{
    [Fact]
    public async Task Bytes_flow_both_ways()
    {
        await using var listener = await Loopback.ListenAsync();
        var (client, server) = await Loopback.PairAsync(listener);
        await using (client)
        await using (server)
        {
            await client.Transport.Output.WriteAsync("ping"u8.ToArray());
            Assert.Equal("ping"u8.ToArray(), await Loopback.ReadExactlyAsync(server.Transport.Input, 4).WaitAsync(Loopback.Timeout));

            await server.Transport.Output.WriteAsync("pong!"u8.ToArray());
            Assert.Equal("pong!"u8.ToArray(), await Loopback.ReadExactlyAsync(client.Transport.Input, 5).WaitAsync(Loopback.Timeout));
        }
    }

    [Fact]
    public async Task Ten_megabytes_flow_both_ways_at_once()
    {
        const int size = 10 * 1024 * 1024;
        var up = new byte[size];
        var down = new byte[size];
        new Random(7).NextBytes(up);
        new Random(8).NextBytes(down);
        await using var listener = await Loopback.ListenAsync();
        var (client, server) = await Loopback.PairAsync(listener);
        await using (client)
        await using (server)
        {
            var sendingUp = Loopback.WriteAllAsync(client.Transport.Output, up, seed: 1);
            var sendingDown = Loopback.WriteAllAsync(server.Transport.Output, down, seed: 2);
            var receivingUp = Loopback.ReadExactlyAsync(server.Transport.Input, size);
            var receivingDown = Loopback.ReadExactlyAsync(client.Transport.Input, size);

            await Task.WhenAll(sendingUp, sendingDown, receivingUp, receivingDown).WaitAsync(TimeSpan.FromSeconds(60));

            var receivedUp = await receivingUp;
            var receivedDown = await receivingDown;
            Assert.True(up.AsSpan().SequenceEqual(receivedUp), "the bytes sent up differ");
            Assert.True(down.AsSpan().SequenceEqual(receivedDown), "the bytes sent down differ");
        }
    }

    [Fact]
    public async Task An_orderly_close_by_the_peer_completes_the_read_after_the_data()
    {
        await using var listener = await Loopback.ListenAsync();
        var (peer, connection) = await AcceptRawPeerAsync(listener);
        await using (connection)
        {
            await peer.SendAsync("last words"u8.ToArray());
            peer.Shutdown(SocketShutdown.Send);

            var received = await Loopback.ReadToEndAsync(connection.Transport.Input).WaitAsync(Loopback.Timeout);

            Assert.Equal("last words"u8.ToArray(), received);
            peer.Dispose();
        }
    }

    [Fact]
    public async Task A_reset_by_the_peer_fails_the_read_and_the_write_with_IOException()
    {
        await using var listener = await Loopback.ListenAsync();
        var (peer, connection) = await AcceptRawPeerAsync(listener);
        await using (connection)
        {
            // A zero linger makes close send RST instead of FIN.
            peer.LingerState = new LingerOption(true, 0);
            peer.Close();

            var readFailure = await Assert.ThrowsAnyAsync<IOException>(() =>
                connection.Transport.Input.ReadAsync().AsTask().WaitAsync(Loopback.Timeout));
            var writeFailure = await Assert.ThrowsAnyAsync<IOException>(() =>
                connection.Transport.Output.WriteAsync(new byte[1024]).AsTask().WaitAsync(Loopback.Timeout));

            Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(readFailure.InnerException).SocketErrorCode);
            Assert.StartsWith($"{connection.RemoteEndpoint}: the connection was reset by the peer", readFailure.Message, StringComparison.Ordinal);
            Assert.StartsWith($"{connection.RemoteEndpoint}: ", writeFailure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Flushed_bytes_arrive_even_when_the_sender_disposes_right_after()
    {
        var payload = new byte[1024 * 1024];
        new Random(3).NextBytes(payload);
        await using var listener = await Loopback.ListenAsync();
        var (client, server) = await Loopback.PairAsync(listener);
        await using (server)
        {
            var receiving = Loopback.ReadToEndAsync(server.Transport.Input);

            await client.Transport.Output.WriteAsync(payload).AsTask().WaitAsync(Loopback.Timeout);
            await client.DisposeAsync();

            var received = await receiving.WaitAsync(Loopback.Timeout);
            Assert.True(payload.AsSpan().SequenceEqual(received));
        }
    }

    [Fact]
    public async Task Disposing_completes_a_pending_read_and_flush_and_the_peer_sees_the_close()
    {
        await using var listener = await Loopback.ListenAsync();
        var (client, server) = await Loopback.PairAsync(listener);
        await using (server)
        {
            var pendingRead = client.Transport.Input.ReadAsync().AsTask();
            Assert.False(pendingRead.IsCompleted);

            await client.DisposeAsync().AsTask().WaitAsync(Loopback.Timeout);

            Assert.True((await pendingRead.WaitAsync(Loopback.Timeout)).IsCompleted);
            var flush = await client.Transport.Output.WriteAsync(new byte[10]).AsTask().WaitAsync(Loopback.Timeout);
            Assert.True(flush.IsCompleted);
            Assert.True((await server.Transport.Input.ReadAsync().AsTask().WaitAsync(Loopback.Timeout)).IsCompleted);
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task Disposing_while_the_peer_floods_us_does_not_hang()
    {
        await using var listener = await Loopback.ListenAsync();
        var (client, server) = await Loopback.PairAsync(listener);
        await using (server)
        {
            // Nobody reads the client's input: its receive loop parks on the full pipe.
            var flooding = Loopback.WriteAllAsync(server.Transport.Output, new byte[8 * 1024 * 1024]);
            var started = await client.Transport.Input.ReadAsync().AsTask().WaitAsync(Loopback.Timeout);
            Assert.False(started.IsCompleted);

            await client.DisposeAsync().AsTask().WaitAsync(Loopback.Timeout);

            await Assert.ThrowsAnyAsync<Exception>(() => flooding.WaitAsync(Loopback.Timeout));
        }
    }

    [Fact]
    public async Task Completing_output_sends_a_FIN_while_input_stays_open()
    {
        await using var listener = await Loopback.ListenAsync();
        var (client, server) = await Loopback.PairAsync(listener);
        await using (client)
        await using (server)
        {
            await client.Transport.Output.WriteAsync("bye"u8.ToArray());
            await client.Transport.Output.CompleteAsync();

            Assert.Equal("bye"u8.ToArray(), await Loopback.ReadToEndAsync(server.Transport.Input).WaitAsync(Loopback.Timeout));

            await server.Transport.Output.WriteAsync("ok"u8.ToArray());
            Assert.Equal("ok"u8.ToArray(), await Loopback.ReadExactlyAsync(client.Transport.Input, 2).WaitAsync(Loopback.Timeout));
        }
    }

    private static async Task<(Socket Peer, IStreamConnection Connection)> AcceptRawPeerAsync(ITransportListener listener)
    {
        var accepting = listener.AcceptAsync(CancellationToken.None).AsTask();
        var peer = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync(IPAddress.Loopback, Loopback.PortOf(listener.Endpoint)).WaitAsync(Loopback.Timeout);
        return (peer, Assert.IsAssignableFrom<IStreamConnection>(await accepting.WaitAsync(Loopback.Timeout)));
    }
}
