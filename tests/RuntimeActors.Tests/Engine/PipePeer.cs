using System.IO.Pipelines;
using RuntimeActors.TestKit;

namespace RuntimeActors.Tests.Engine;

/// <summary>
/// The TestKit's <see cref="ZmtpTestPeer"/> on the peer end of an in-memory pipe pair, plus what only engine tests need:
/// the pipe writer itself (to watch backpressure), ending our side with an error, and byte-by-byte writes.
/// </summary>
internal sealed class PipePeer(IDuplexPipe pipe)
{
    private readonly ZmtpTestPeer _peer = ZmtpTestPeer.Attach(pipe, "engine");

    /// <summary>The peer's raw writer, for tests of backpressure.</summary>
    public PipeWriter Output => pipe.Output;

    /// <summary>Writes the chunks as one write and flushes.</summary>
    public Task SendAsync(params byte[][] chunks) => _peer.SendRawAsync(chunks.SelectMany(c => c).ToArray());

    /// <summary>Writes each byte separately, flushing after each, so the engine sees them one read at a time.</summary>
    public async Task SendByteByByteAsync(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            await _peer.SendRawAsync(new[] { b });
        }
    }

    /// <summary>Ends our side of the connection (the engine then sees end of input), with an error if given.</summary>
    public Task CloseAsync(Exception? error = null) => pipe.Output.CompleteAsync(error).AsTask();

    /// <summary>Reads exactly <paramref name="count"/> bytes, failing if the engine closes first or they take too long.</summary>
    public Task<byte[]> ReceiveAsync(int count) => _peer.ExpectRawAsync(count);

    /// <summary>Reads one frame: (flags, body).</summary>
    public async Task<(byte Flags, byte[] Body)> ReceiveFrameAsync()
    {
        var frame = await _peer.ExpectFrameAsync();
        return (frame.Flags, frame.Body);
    }

    /// <summary>Waits for the engine to close its side, asserting it sends nothing more first.</summary>
    public async Task ExpectEndAsync()
    {
        var extra = await _peer.ExpectDisconnectedAsync();
        Assert.True(extra.Length == 0, $"Expected the engine to close; it sent {Convert.ToHexString(extra)}");
    }

    /// <summary>
    /// Sends our greeting and READY, then reads the engine's greeting and READY (checked loosely;
    /// other tests check them exactly).
    /// </summary>
    public async Task HandshakeAsync(string socketType, byte minor = 1, string? identity = null)
    {
        var properties = identity is null ? null : new Dictionary<string, byte[]> { ["Identity"] = EngineTestKit.Bytes(identity) };
        await SendAsync(ZmtpTestFrames.Greeting(minor: minor), ZmtpTestFrames.Ready(socketType, properties));
        var greeting = await _peer.ExpectGreetingAsync();
        Assert.Equal(3, greeting.Major);
        var (flags, body) = await ReceiveFrameAsync();
        Assert.Equal(0x04, flags);
        Assert.Equal("READY", System.Text.Encoding.ASCII.GetString(body, 1, body[0]));
    }
}
