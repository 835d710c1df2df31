using System.IO.Pipelines;
using System.Net.Sockets;
using RuntimeActors.Transports;
using static RuntimeActors.Tests.Transports.TcpPair;

namespace RuntimeActors.Tests.Transports;

public sealed class SocketConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Start_keeps_the_socket_and_the_endpoints()
    {
        using var pair = await TcpPair.OpenAsync();
        await using var connection = Start(pair.Local);

        Assert.Same(pair.Local, connection.Socket);
        Assert.Equal("tcp://local", connection.LocalEndpoint);
        Assert.Equal("tcp://remote", connection.RemoteEndpoint);
        Assert.Same(connection, connection.Transport);
    }

    [Fact]
    public async Task Bytes_written_to_Output_and_flushed_arrive_at_the_peer()
    {
        using var pair = await TcpPair.OpenAsync();
        await using var connection = Start(pair.Local);
        var data = RandomBytes(150_000, seed: 1);
        var receiving = ReceiveExactlyAsync(pair.Peer, data.Length);

        await connection.Output.WriteAsync(data.AsMemory(0, 100)).AsTask().WaitAsync(Timeout);
        data.AsSpan(100).CopyTo(connection.Output.GetSpan(data.Length - 100));
        connection.Output.Advance(data.Length - 100);
        var result = await connection.Output.FlushAsync().AsTask().WaitAsync(Timeout);

        Assert.False(result.IsCompleted);
        Assert.False(result.IsCanceled);
        var received = await receiving.WaitAsync(Timeout);
        Assert.True(data.AsSpan().SequenceEqual(received), $"the bytes differ first at {data.AsSpan().CommonPrefixLength(received)}");
    }

    [Fact]
    public async Task The_peers_bytes_arrive_through_Input()
    {
        using var pair = await TcpPair.OpenAsync();
        await using var connection = Start(pair.Local);
        var data = RandomBytes(150_000, seed: 2);
        var sending = Task.Run(() => SendAllAsync(pair.Peer, data));

        var received = await ReadExactlyAsync(connection.Input, data.Length);
        await sending.WaitAsync(Timeout);
        Assert.True(data.AsSpan().SequenceEqual(received), $"the bytes differ first at {data.AsSpan().CommonPrefixLength(received)}");
    }

    [Fact]
    public async Task Flushed_bytes_still_arrive_when_the_connection_is_disposed_right_after_the_flush()
    {
        using var pair = await TcpPair.OpenAsync();
        var connection = Start(pair.Local);
        var data = RandomBytes(50_000, seed: 3);
        await connection.Output.WriteAsync(data).AsTask().WaitAsync(Timeout);

        await connection.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(data, await ReceiveExactlyAsync(pair.Peer, data.Length));
        Assert.Equal(0, await pair.Peer.ReceiveAsync(new byte[1].AsMemory(), SocketFlags.None).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Disposing_completes_a_pending_input_read_ends_the_peers_stream_and_may_be_repeated()
    {
        using var pair = await TcpPair.OpenAsync();
        var connection = Start(pair.Local);
        var pending = connection.Input.ReadAsync().AsTask();
        Assert.False(pending.IsCompleted);

        await connection.DisposeAsync().AsTask().WaitAsync(Timeout);

        var result = await pending.WaitAsync(Timeout);
        Assert.True(result.IsCompleted);
        Assert.False(result.IsCanceled);
        Assert.Equal(0, result.Buffer.Length);
        Assert.Equal(0, await pair.Peer.ReceiveAsync(new byte[1].AsMemory(), SocketFlags.None).AsTask().WaitAsync(Timeout));

        var again = connection.DisposeAsync();
        Assert.True(again.IsCompletedSuccessfully);
        await again;
    }

    [Fact]
    public async Task Disposing_completes_a_flush_waiting_for_the_peer()
    {
        // Far more than loopback's send and receive buffers hold, and the peer does not read: the flush waits.
        using var pair = await TcpPair.OpenAsync();
        var connection = Start(pair.Local);
        var data = new byte[32 * 1024 * 1024];
        data.CopyTo(connection.Output.GetSpan(data.Length));
        connection.Output.Advance(data.Length);
        var flush = connection.Output.FlushAsync().AsTask();
        Assert.False(flush.IsCompleted);

        await connection.DisposeAsync().AsTask().WaitAsync(Timeout);

        var result = await flush.WaitAsync(Timeout);
        Assert.True(result.IsCompleted);
        Assert.False(result.IsCanceled);
    }

    private static SocketConnection Start(Socket socket) => SocketConnection.Start(socket, "tcp://local", "tcp://remote", Describe);
}
