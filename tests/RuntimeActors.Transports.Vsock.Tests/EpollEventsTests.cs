using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock.Tests;

public class EpollEventsTests
{
    [Fact]
    public void Packs_to_twelve_bytes_on_x64()
    {
        Span<byte> bytes = stackalloc byte[12];
        EpollEvents.Write(bytes, EpollEvents.In | EpollEvents.OneShot, 0x0102030405060708, packed: true);

        Assert.Equal(Hex.Bytes("01000040 0807060504030201"), bytes.ToArray());
    }

    [Fact]
    public void Aligns_to_sixteen_bytes_elsewhere()
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Fill(0xAA);
        EpollEvents.Write(bytes, EpollEvents.Out | EpollEvents.OneShot, 7, packed: false);

        Assert.Equal(Hex.Bytes("04000040 00000000 07000000 00000000"), bytes.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_the_nth_event_of_an_array(bool packed)
    {
        var size = EpollEvents.SizeOf(packed);
        var array = new byte[3 * size];
        EpollEvents.Write(array.AsSpan(0 * size), EpollEvents.In, 11, packed);
        EpollEvents.Write(array.AsSpan(1 * size), EpollEvents.Out | EpollEvents.Error, ulong.MaxValue, packed);
        EpollEvents.Write(array.AsSpan(2 * size), EpollEvents.HangUp, 13, packed);

        Assert.Equal((EpollEvents.In, 11ul), EpollEvents.Read(array, 0, packed));
        Assert.Equal((EpollEvents.Out | EpollEvents.Error, ulong.MaxValue), EpollEvents.Read(array, 1, packed));
        Assert.Equal((EpollEvents.HangUp, 13ul), EpollEvents.Read(array, 2, packed));
    }

    [Fact]
    public void Uses_the_packed_layout_exactly_on_x64()
    {
        var x64 = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;

        Assert.Equal(x64, EpollEvents.IsPacked);
        Assert.Equal(x64 ? 12 : 16, EpollEvents.Size);
    }
}
