using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock.Tests;

public class TimevalTests
{
    [Theory]
    [InlineData(2_000_000L, "02000000 00000000 00000000 00000000")]
    [InlineData(1_500_000L, "01000000 00000000 20a10700 00000000")]
    [InlineData(250L, "00000000 00000000 fa000000 00000000")]
    public void Encodes_seconds_then_microseconds(long microseconds, string expected)
    {
        Span<byte> bytes = stackalloc byte[16];
        VmSockets.EncodeTimeval(bytes, TimeSpan.FromMicroseconds(microseconds));

        Assert.Equal(Hex.Bytes(expected), bytes.ToArray());
        Assert.Equal(TimeSpan.FromMicroseconds(microseconds), VmSockets.DecodeTimeval(bytes));
    }
}
