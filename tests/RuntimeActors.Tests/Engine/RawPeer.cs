using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace RuntimeActors.Tests.Engine;

/// <summary>
/// A scripted ZMTP peer over raw bytes: it writes exactly what a test gives it and reads exactly
/// what the engine sent, so tests can check the wire byte for byte. The frame builders are written
/// out by hand from RFC 37 rather than taken from the codec under test.
/// </summary>
internal sealed class RawPeer(IDuplexPipe pipe)
{
    public PipeWriter Output => pipe.Output;

    /// <summary>Writes the chunks as one write and flushes.</summary>
    public async Task SendAsync(params byte[][] chunks)
    {
        foreach (var chunk in chunks)
        {
            await pipe.Output.WriteAsync(chunk);
        }
    }

    /// <summary>Writes each byte separately, flushing after each, so the engine sees them one read at a time.</summary>
    public async Task SendByteByByteAsync(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            await pipe.Output.WriteAsync(new[] { b });
        }
    }

    /// <summary>Ends our side of the connection (the engine then sees end of input).</summary>
    public Task CloseAsync(Exception? error = null) => pipe.Output.CompleteAsync(error).AsTask();

    /// <summary>Reads exactly <paramref name="count"/> bytes, failing if the engine closes first or they take too long.</summary>
    public async Task<byte[]> ReceiveAsync(int count)
    {
        var result = new byte[count];
        var filled = 0;
        using var timeout = new CancellationTokenSource(EngineTestKit.Timeout);
        while (filled < count)
        {
            var read = await pipe.Input.ReadAsync(timeout.Token);
            var available = (int)Math.Min(read.Buffer.Length, count - filled);
            read.Buffer.Slice(0, available).CopyTo(result.AsSpan(filled));
            filled += available;
            pipe.Input.AdvanceTo(read.Buffer.GetPosition(available));
            if (filled < count && read.IsCompleted)
            {
                throw new InvalidOperationException($"The engine closed the connection after {filled} of {count} expected bytes.");
            }
        }

        return result;
    }

    /// <summary>Reads one frame: (flags, body).</summary>
    public async Task<(byte Flags, byte[] Body)> ReceiveFrameAsync()
    {
        var head = await ReceiveAsync(2);
        long size = head[1];
        if ((head[0] & 0x02) != 0)
        {
            var rest = await ReceiveAsync(7);
            size = BinaryPrimitives.ReadInt64BigEndian([head[1], .. rest]);
        }

        return (head[0], await ReceiveAsync(checked((int)size)));
    }

    /// <summary>Waits for the engine to close its side, asserting it sends nothing more first.</summary>
    public async Task ExpectEndAsync()
    {
        using var timeout = new CancellationTokenSource(EngineTestKit.Timeout);
        while (true)
        {
            var read = await pipe.Input.ReadAsync(timeout.Token);
            var extra = read.Buffer.ToArray();
            pipe.Input.AdvanceTo(read.Buffer.End);
            Assert.True(extra.Length == 0, $"Expected the engine to close; it sent {Convert.ToHexString(extra)}");
            if (read.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Sends our greeting and READY, then reads the engine's greeting and READY (checked loosely;
    /// other tests check them exactly).
    /// </summary>
    public async Task HandshakeAsync(string socketType, byte minor = 1, string? identity = null)
    {
        await SendAsync(Greeting(minor), Ready(socketType, identity));
        var greeting = await ReceiveAsync(64);
        Assert.Equal(0xFF, greeting[0]);
        Assert.Equal(0x7F, greeting[9]);
        var (flags, body) = await ReceiveFrameAsync();
        Assert.Equal(0x04, flags);
        Assert.Equal("READY", Encoding.ASCII.GetString(body, 1, body[0]));
    }

    /// <summary>A ZMTP greeting: signature, version 3.<paramref name="minor"/>, mechanism, as-server 0, filler.</summary>
    public static byte[] Greeting(byte minor = 1, string mechanism = "NULL", byte major = 3)
    {
        var greeting = new byte[64];
        greeting[0] = 0xFF;
        greeting[9] = 0x7F;
        greeting[10] = major;
        greeting[11] = minor;
        Encoding.ASCII.GetBytes(mechanism).CopyTo(greeting, 12);
        return greeting;
    }

    /// <summary>A READY command with Socket-Type and, if given, Identity.</summary>
    public static byte[] Ready(string socketType, string? identity = null)
    {
        var data = new List<byte>();
        AddProperty(data, "Socket-Type", Encoding.ASCII.GetBytes(socketType));
        if (identity is not null)
        {
            AddProperty(data, "Identity", Encoding.ASCII.GetBytes(identity));
        }

        return Command("READY", [.. data]);
    }

    /// <summary>A command frame: flags 0x04 (0x06 when long), size, name length, name, data.</summary>
    public static byte[] Command(string name, byte[] data)
    {
        byte[] body = [(byte)name.Length, .. Encoding.ASCII.GetBytes(name), .. data];
        return Frame(0x04, body);
    }

    /// <summary>A message frame with or without MORE.</summary>
    public static byte[] Message(byte[] body, bool more = false) => Frame(more ? (byte)0x01 : (byte)0x00, body);

    /// <summary>A frame with the given flags; the LONG flag and 8-byte size are added when the body needs them.</summary>
    public static byte[] Frame(byte flags, byte[] body)
    {
        if (body.Length <= 255)
        {
            return [flags, (byte)body.Length, .. body];
        }

        var size = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(size, body.Length);
        return [(byte)(flags | 0x02), .. size, .. body];
    }

    /// <summary>A PING: 2-byte TTL in deciseconds, then the context.</summary>
    public static byte[] Ping(ushort ttlDeciseconds, byte[] context) =>
        Command("PING", [(byte)(ttlDeciseconds >> 8), (byte)ttlDeciseconds, .. context]);

    private static void AddProperty(List<byte> data, string name, byte[] value)
    {
        data.Add((byte)name.Length);
        data.AddRange(Encoding.ASCII.GetBytes(name));
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        data.AddRange(length);
        data.AddRange(value);
    }
}
