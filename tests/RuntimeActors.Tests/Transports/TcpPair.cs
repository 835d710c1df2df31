using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using NetSocketType = System.Net.Sockets.SocketType;

namespace RuntimeActors.Tests.Transports;

/// <summary>A connected pair of tcp sockets on 127.0.0.1, and the socket helpers the transport tests share.</summary>
internal sealed class TcpPair : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private TcpPair(Socket local, Socket peer)
    {
        Local = local;
        Peer = peer;
    }

    /// <summary>The accepted end, handed to the code under test.</summary>
    public Socket Local { get; }

    /// <summary>The connecting end, driven by the test as the remote peer.</summary>
    public Socket Peer { get; }

    public static async Task<TcpPair> OpenAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, NetSocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var peer = new Socket(AddressFamily.InterNetwork, NetSocketType.Stream, ProtocolType.Tcp);
        var accepting = listener.AcceptAsync();
        await peer.ConnectAsync(listener.LocalEndPoint!).WaitAsync(Timeout);
        var local = await accepting.WaitAsync(Timeout);
        return new TcpPair(local, peer);
    }

    /// <summary>The failure description the tests give the transports: the remote endpoint and the socket error.</summary>
    public static Exception Describe(SocketException e, string remote) => new IOException($"{remote}: {e.SocketErrorCode}", e);

    public static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None).AsTask().WaitAsync(Timeout);
            data = data[sent..];
        }
    }

    /// <summary>Receives exactly <paramref name="count"/> bytes; fails if the stream ends first.</summary>
    public static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int count)
    {
        var received = new byte[count];
        for (var filled = 0; filled < count;)
        {
            var n = await socket.ReceiveAsync(received.AsMemory(filled), SocketFlags.None).AsTask().WaitAsync(Timeout);
            Assert.True(n > 0, $"the stream ended after {filled} of {count} bytes");
            filled += n;
        }

        return received;
    }

    /// <summary>Reads and consumes exactly <paramref name="count"/> bytes; fails on a canceled read, or if the stream ends or gives more.</summary>
    public static async Task<byte[]> ReadExactlyAsync(PipeReader reader, int count)
    {
        var received = new byte[count];
        for (var filled = 0; filled < count;)
        {
            var result = await reader.ReadAsync().AsTask().WaitAsync(Timeout);
            var buffer = result.Buffer;
            Assert.False(result.IsCanceled);
            Assert.True(buffer.Length <= count - filled, $"{buffer.Length} bytes read with {count - filled} still to come");
            Assert.False(result.IsCompleted, $"the stream ended after {filled + buffer.Length} of {count} bytes");
            buffer.CopyTo(received.AsSpan(filled));
            filled += (int)buffer.Length;
            reader.AdvanceTo(buffer.End);
        }

        return received;
    }

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        Local.Dispose();
        Peer.Dispose();
    }
}
