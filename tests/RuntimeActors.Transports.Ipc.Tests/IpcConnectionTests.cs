using System.Net.Sockets;

namespace RuntimeActors.Transports.Ipc.Tests;

public sealed class IpcConnectionTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Bytes_flow_both_ways()
    {
        await using var listener = await IpcHarness.ListenAsync(_scratch.PathOf("s"));
        var (client, server) = await IpcHarness.PairAsync(listener);
        await using (client)
        await using (server)
        {
            await client.Transport.Output.WriteAsync("ping"u8.ToArray());
            Assert.Equal("ping"u8.ToArray(), await IpcHarness.ReadExactlyAsync(server.Transport.Input, 4).WaitAsync(IpcHarness.Timeout));

            await server.Transport.Output.WriteAsync("pong!"u8.ToArray());
            Assert.Equal("pong!"u8.ToArray(), await IpcHarness.ReadExactlyAsync(client.Transport.Input, 5).WaitAsync(IpcHarness.Timeout));
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
        await using var listener = await IpcHarness.ListenAsync(_scratch.PathOf("s"));
        var (client, server) = await IpcHarness.PairAsync(listener);
        await using (client)
        await using (server)
        {
            var sendingUp = IpcHarness.WriteAllAsync(client.Transport.Output, up, seed: 1);
            var sendingDown = IpcHarness.WriteAllAsync(server.Transport.Output, down, seed: 2);
            var receivingUp = IpcHarness.ReadExactlyAsync(server.Transport.Input, size);
            var receivingDown = IpcHarness.ReadExactlyAsync(client.Transport.Input, size);

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
        var path = _scratch.PathOf("s");
        await using var listener = await IpcHarness.ListenAsync(path);
        var (peer, connection) = await AcceptRawPeerAsync(listener, path);
        await using (connection)
        {
            await peer.SendAsync("last words"u8.ToArray());
            peer.Shutdown(SocketShutdown.Send);

            var received = await IpcHarness.ReadToEndAsync(connection.Transport.Input).WaitAsync(IpcHarness.Timeout);

            Assert.Equal("last words"u8.ToArray(), received);
            peer.Dispose();
        }
    }

    [Fact]
    public async Task A_peer_that_closes_with_unread_data_resets_the_connection_and_the_read_fails_with_IOException()
    {
        var path = _scratch.PathOf("s");
        await using var listener = await IpcHarness.ListenAsync(path);
        var (peer, connection) = await AcceptRawPeerAsync(listener, path);
        await using (connection)
        {
            // A Unix domain socket closed with data it never read resets its peer, as a tcp RST does.
            await connection.Transport.Output.WriteAsync("unread"u8.ToArray()).AsTask().WaitAsync(IpcHarness.Timeout);
            peer.Close();

            var readFailure = await Assert.ThrowsAnyAsync<IOException>(() =>
                connection.Transport.Input.ReadAsync().AsTask().WaitAsync(IpcHarness.Timeout));

            Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(readFailure.InnerException).SocketErrorCode);
            Assert.Equal($"{connection.RemoteEndpoint}: the connection was reset by the peer (ConnectionReset)", readFailure.Message);
        }
    }

    [Fact]
    public async Task Flushed_bytes_arrive_even_when_the_sender_disposes_right_after()
    {
        var payload = new byte[1024 * 1024];
        new Random(3).NextBytes(payload);
        await using var listener = await IpcHarness.ListenAsync(_scratch.PathOf("s"));
        var (client, server) = await IpcHarness.PairAsync(listener);
        await using (server)
        {
            var receiving = IpcHarness.ReadToEndAsync(server.Transport.Input);

            await client.Transport.Output.WriteAsync(payload).AsTask().WaitAsync(IpcHarness.Timeout);
            await client.DisposeAsync();

            var received = await receiving.WaitAsync(IpcHarness.Timeout);
            Assert.True(payload.AsSpan().SequenceEqual(received));
        }
    }

    [Fact]
    public async Task Disposing_completes_a_pending_read_and_flush_and_the_peer_sees_the_close()
    {
        await using var listener = await IpcHarness.ListenAsync(_scratch.PathOf("s"));
        var (client, server) = await IpcHarness.PairAsync(listener);
        await using (server)
        {
            var pendingRead = client.Transport.Input.ReadAsync().AsTask();
            Assert.False(pendingRead.IsCompleted);

            await client.DisposeAsync().AsTask().WaitAsync(IpcHarness.Timeout);

            Assert.True((await pendingRead.WaitAsync(IpcHarness.Timeout)).IsCompleted);
            var flush = await client.Transport.Output.WriteAsync(new byte[10]).AsTask().WaitAsync(IpcHarness.Timeout);
            Assert.True(flush.IsCompleted);
            Assert.True((await server.Transport.Input.ReadAsync().AsTask().WaitAsync(IpcHarness.Timeout)).IsCompleted);
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task Disposing_while_the_peer_floods_us_does_not_hang()
    {
        await using var listener = await IpcHarness.ListenAsync(_scratch.PathOf("s"));
        var (client, server) = await IpcHarness.PairAsync(listener);
        await using (server)
        {
            // Nobody reads the client's input: its receive loop parks on the full pipe.
            var flooding = IpcHarness.WriteAllAsync(server.Transport.Output, new byte[8 * 1024 * 1024]);
            var started = await client.Transport.Input.ReadAsync().AsTask().WaitAsync(IpcHarness.Timeout);
            Assert.False(started.IsCompleted);

            await client.DisposeAsync().AsTask().WaitAsync(IpcHarness.Timeout);

            await Assert.ThrowsAnyAsync<Exception>(() => flooding.WaitAsync(IpcHarness.Timeout));
        }
    }

    [Fact]
    public async Task Completing_output_ends_the_stream_while_input_stays_open()
    {
        await using var listener = await IpcHarness.ListenAsync(_scratch.PathOf("s"));
        var (client, server) = await IpcHarness.PairAsync(listener);
        await using (client)
        await using (server)
        {
            await client.Transport.Output.WriteAsync("bye"u8.ToArray());
            await client.Transport.Output.CompleteAsync();

            Assert.Equal("bye"u8.ToArray(), await IpcHarness.ReadToEndAsync(server.Transport.Input).WaitAsync(IpcHarness.Timeout));

            await server.Transport.Output.WriteAsync("ok"u8.ToArray());
            Assert.Equal("ok"u8.ToArray(), await IpcHarness.ReadExactlyAsync(client.Transport.Input, 2).WaitAsync(IpcHarness.Timeout));
        }
    }

    private static async Task<(Socket Peer, IStreamConnection Connection)> AcceptRawPeerAsync(ITransportListener listener, string path)
    {
        var accepting = listener.AcceptAsync(CancellationToken.None).AsTask();
        var peer = new Socket(AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, ProtocolType.Unspecified);
        await peer.ConnectAsync(new UnixDomainSocketEndPoint(path)).WaitAsync(IpcHarness.Timeout);
        return (peer, Assert.IsAssignableFrom<IStreamConnection>(await accepting.WaitAsync(IpcHarness.Timeout)));
    }
}
