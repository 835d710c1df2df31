namespace RuntimeActors.Interop.Tests;

/// <summary>
/// Frame sizes at the edges of ZMTP's encoding, through a PAIR that libzmq echoes back unchanged: one trip
/// checks our encoder against libzmq's decoder, the other libzmq's encoder against our decoder. Frames of
/// up to 255 bytes have a one-byte size, longer ones an eight-byte size.
/// </summary>
public sealed class FrameSizeTests(ITestOutputHelper output) : InteropTest(output)
{
    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 0)]
    [InlineData(true, 0, 0, 0)]
    [InlineData(false, 3, 0, 3)]
    [InlineData(true, 255)]
    [InlineData(false, 255)]
    [InlineData(true, 256)]
    [InlineData(false, 256)]
    [InlineData(true, 254, 255, 256, 257, 0)]
    [InlineData(false, 254, 255, 256, 257, 0)]
    public async Task Frames_cross_both_ways_intact(bool dotnetBinds, params int[] sizes) => await RoundTripAsync(dotnetBinds, sizes);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_10_MB_message_crosses_both_ways_intact(bool dotnetBinds) => await RoundTripAsync(dotnetBinds, 10 * 1024 * 1024);

    private async Task RoundTripAsync(bool dotnetBinds, params int[] sizes)
    {
        var pair = Socket(SocketType.Pair);
        var peer = await StartLinkedPeerAsync(pair, dotnetBinds, "PAIR", "echo:1:");
        var frames = sizes.Select(Pattern).ToArray();

        await SendAsync(pair, ZMessage.FromFrames(frames));

        AssertSameFrames(frames, (await peer.ExpectAsync("echoed")).Frames, "libzmq received");
        AssertSameFrames(frames, (await ReceiveAsync(pair)).Select(frame => frame.ToArray()).ToArray(), "the echo we received");
        await peer.FinishAsync();
    }

    // Assert.Equal compares byte by byte through its generic comparer, which takes seconds over 10 MB.
    private static void AssertSameFrames(byte[][] expected, IReadOnlyList<byte[]> actual, string what)
    {
        Assert.Equal(expected.Select(frame => frame.Length), actual.Select(frame => frame.Length));
        for (var i = 0; i < expected.Length; i++)
        {
            var same = expected[i].AsSpan().CommonPrefixLength(actual[i]);
            Assert.True(same == expected[i].Length, $"Frame {i} of {what} differs from what was sent at byte {same}.");
        }
    }

    // Bytes that differ with their position and frame, so that a shifted, reordered or truncated frame shows.
    private static byte[] Pattern(int size, int frame)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)((i * 31) + (frame * 7) + 1);
        }

        return bytes;
    }
}
