using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>
/// A scripted ZMTP peer on a plain tcp socket: it writes exactly the bytes a test gives it, so a test can
/// send what no well-behaved library would (a bad greeting, a wrong mechanism, an oversized frame). The
/// byte layouts are written out from RFC 37, not taken from the codec under test.
/// </summary>
internal sealed class RawZmtpPeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawZmtpPeer(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawZmtpPeer> ConnectAsync(string endpoint)
    {
        var uri = new Uri(endpoint.Replace("tcp://", "tcp://", StringComparison.Ordinal));
        var socket = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(uri.Host), uri.Port));
        return new RawZmtpPeer(socket);
    }

    /// <summary>The 64-byte greeting of RFC 37: signature, version 3.1, mechanism, as-server, filler.</summary>
    public static byte[] Greeting(string mechanism = "NULL", byte major = 3, byte minor = 1)
    {
        var greeting = new byte[64];
        greeting[0] = 0xFF;
        greeting[9] = 0x7F;
        greeting[10] = major;
        greeting[11] = minor;
        Encoding.ASCII.GetBytes(mechanism).CopyTo(greeting, 12);
        return greeting;
    }

    /// <summary>A READY command frame with the Socket-Type property.</summary>
    public static byte[] Ready(string socketType)
    {
        var body = new List<byte> { 5 };
        body.AddRange("READY"u8.ToArray());
        body.Add((byte)"Socket-Type".Length);
        body.AddRange(Encoding.ASCII.GetBytes("Socket-Type"));
        var value = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(value, socketType.Length);
        body.AddRange(value);
        body.AddRange(Encoding.ASCII.GetBytes(socketType));
        return [0x04, (byte)body.Count, .. body];
    }

    /// <summary>A message frame, long form when the body needs it.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> body, bool more = false)
    {
        var flags = (byte)(more ? 0x01 : 0x00);
        if (body.Length <= 255)
        {
            return [flags, (byte)body.Length, .. body];
        }

        var size = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(size, body.Length);
        return [(byte)(flags | 0x02), .. size, .. body];
    }

    public async Task SendAsync(params byte[][] chunks)
    {
        foreach (var chunk in chunks)
        {
            await _stream.WriteAsync(chunk);
        }

        await _stream.FlushAsync();
    }

    /// <summary>Completes the handshake as <paramref name="socketType"/> and returns what the other side sent.</summary>
    public async Task HandshakeAsync(string socketType)
    {
        await SendAsync(Greeting(), Ready(socketType));
        var greeting = await ReceiveAsync(64);
        if (greeting[0] != 0xFF || greeting[9] != 0x7F)
        {
            throw new InvalidOperationException("The socket did not answer with a ZMTP greeting.");
        }

        var (flags, body) = await ReceiveFrameAsync();
        if ((flags & 0x04) == 0 || !body.AsSpan(1, 5).SequenceEqual("READY"u8))
        {
            throw new InvalidOperationException("The socket did not send READY.");
        }
    }

    public async Task<byte[]> ReceiveAsync(int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(SocketTestKit.Patience);
        await _stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }

    public async Task<(byte Flags, byte[] Body)> ReceiveFrameAsync()
    {
        var head = await ReceiveAsync(2);
        long size = head[1];
        if ((head[0] & 0x02) != 0)
        {
            size = BinaryPrimitives.ReadInt64BigEndian([head[1], .. await ReceiveAsync(7)]);
        }

        return (head[0], await ReceiveAsync(checked((int)size)));
    }

    /// <summary>Waits until the other side closes the connection, returning the bytes it sent before (an ERROR command, maybe).</summary>
    public async Task<byte[]> ExpectClosedAsync()
    {
        using var timeout = new CancellationTokenSource(SocketTestKit.Patience);
        var rest = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                rest.Write(buffer, 0, read);
            }
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // A reset is a close too.
        }

        return rest.ToArray();
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return _stream.DisposeAsync();
    }
}
