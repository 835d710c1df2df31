using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.Transports.Tcp.Tests;

/// <summary>Shared plumbing for tests over real loopback sockets (127.0.0.1 and [::1] only).</summary>
internal static class Loopback
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static readonly TcpTransport Transport = new();

    /// <summary>Whether this machine can bind [::1]; probed once with a plain socket.</summary>
    public static readonly bool HasIpv6 = ProbeIpv6();

    public static async Task<ITransportListener> ListenAsync(string address = "127.0.0.1:0") =>
        await Transport.ListenAsync(Transport.Resolve(address, EndpointUse.Bind), CancellationToken.None).AsTask().WaitAsync(Timeout);

    public static async Task<IStreamConnection> ConnectAsync(string address) =>
        Assert.IsAssignableFrom<IStreamConnection>(await Transport.ConnectAsync(Transport.Resolve(address, EndpointUse.Connect), CancellationToken.None).AsTask().WaitAsync(Timeout));

    public static int PortOf(string endpoint) => int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A client connection through the transport and the server end the listener accepted.</summary>
    public static async Task<(IStreamConnection Client, IStreamConnection Server)> PairAsync(ITransportListener listener, string? connectAddress = null)
    {
        var accepting = listener.AcceptAsync(CancellationToken.None).AsTask();
        var client = await ConnectAsync(connectAddress ?? listener.Endpoint["tcp://".Length..]);
        var server = Assert.IsAssignableFrom<IStreamConnection>(await accepting.WaitAsync(Timeout));
        return (client, server);
    }

    /// <summary>A port on 127.0.0.1 that is bound but not listening, so connecting to it is refused.</summary>
    public static Socket ReserveClosedPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    public static async Task WriteAllAsync(PipeWriter writer, ReadOnlyMemory<byte> data, int seed = 1)
    {
        var random = new Random(seed);
        while (!data.IsEmpty)
        {
            // Odd chunk sizes cross segment boundaries in both pipes.
            var chunk = Math.Min(data.Length, random.Next(1, 70_000));
            data[..chunk].CopyTo(writer.GetMemory(chunk));
            writer.Advance(chunk);
            var flush = await writer.FlushAsync();
            Assert.False(flush.IsCompleted, "the peer stopped reading");
            data = data[chunk..];
        }
    }

    public static async Task<byte[]> ReadExactlyAsync(PipeReader reader, int count)
    {
        var received = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            var take = (int)Math.Min(buffer.Length, count - filled);
            buffer.Slice(0, take).CopyTo(received.AsSpan(filled));
            filled += take;
            reader.AdvanceTo(buffer.GetPosition(take));
            if (result.IsCompleted && filled < count)
            {
                throw new EndOfStreamException($"the peer closed after {filled} of {count} bytes");
            }
        }

        return received;
    }

    /// <summary>Reads until the peer closes and returns everything read.</summary>
    public static async Task<byte[]> ReadToEndAsync(PipeReader reader)
    {
        var all = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                all.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return all.WrittenSpan.ToArray();
            }
        }
    }

    private static bool ProbeIpv6()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return false;
        }

        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
