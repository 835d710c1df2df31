using System.Buffers;
using System.IO.Pipelines;

namespace RuntimeActors.Transports.Ipc.Tests;

/// <summary>Shared plumbing for tests over real Unix domain sockets through the transport.</summary>
internal static class IpcHarness
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static readonly IpcTransport Transport = new();

    public static async Task<ITransportListener> ListenAsync(string address) =>
        await Transport.ListenAsync(Transport.Resolve(address, EndpointUse.Bind), CancellationToken.None).AsTask().WaitAsync(Timeout);

    public static async Task<IStreamConnection> ConnectAsync(string address) =>
        Assert.IsAssignableFrom<IStreamConnection>(await Transport.ConnectAsync(Transport.Resolve(address, EndpointUse.Connect), CancellationToken.None).AsTask().WaitAsync(Timeout));

    /// <summary>The address part of an <c>ipc://</c> endpoint.</summary>
    public static string AddressOf(string endpoint)
    {
        Assert.StartsWith("ipc://", endpoint, StringComparison.Ordinal);
        return endpoint["ipc://".Length..];
    }

    /// <summary>A client connection through the transport and the server end the listener accepted.</summary>
    public static async Task<(IStreamConnection Client, IStreamConnection Server)> PairAsync(ITransportListener listener, string? connectAddress = null)
    {
        var accepting = listener.AcceptAsync(CancellationToken.None).AsTask();
        var client = await ConnectAsync(connectAddress ?? AddressOf(listener.Endpoint));
        var server = Assert.IsAssignableFrom<IStreamConnection>(await accepting.WaitAsync(Timeout));
        return (client, server);
    }

    /// <summary>Proves that a connection to <paramref name="address"/> reaches <paramref name="listener"/> by sending through it.</summary>
    public static async Task AssertReachesAsync(ITransportListener listener, string address)
    {
        var (client, server) = await PairAsync(listener, address);
        await using (client)
        await using (server)
        {
            await client.Transport.Output.WriteAsync("hi"u8.ToArray());
            Assert.Equal("hi"u8.ToArray(), await ReadExactlyAsync(server.Transport.Input, 2).WaitAsync(Timeout));
        }
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
}
