using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock.Tests;

public class SockaddrVmTests
{
    [Theory]
    // family 40, reserved 0, port, cid, flags, three zero bytes: host byte order (little-endian here).
    [InlineData(3u, 5555u, 0, "28000000 b3150000 03000000 00000000")]
    [InlineData(1u, 1u, 0, "28000000 01000000 01000000 00000000")]
    [InlineData(2u, 1024u, 1, "28000000 00040000 02000000 01000000")]
    [InlineData(uint.MaxValue, uint.MaxValue, 0, "28000000 ffffffff ffffffff 00000000")]
    [InlineData(0x12345678u, 0x9abcdef0u, 0, "28000000 f0debc9a 78563412 00000000")]
    public void Encodes_byte_for_byte(uint cid, uint port, byte flags, string expected)
    {
        Span<byte> bytes = stackalloc byte[20];
        bytes.Fill(0xAA);

        new SockaddrVm(cid, port, flags).Write(bytes, 40);

        Assert.Equal(Hex.Bytes(expected), bytes[..16].ToArray());
        Assert.Equal([0xAA, 0xAA, 0xAA, 0xAA], bytes[16..].ToArray());
    }

    [Fact]
    public void Decodes_what_the_kernel_writes()
    {
        var ok = SockaddrVm.TryRead(Hex.Bytes("28000000 d2040000 03000000 01000000"), 40, out var address);

        Assert.True(ok);
        Assert.Equal(new SockaddrVm(3, 1234, 1), address);
    }

    [Fact]
    public void Refuses_another_family_or_a_short_buffer()
    {
        Assert.False(SockaddrVm.TryRead(Hex.Bytes("02000000 d2040000 03000000 00000000"), 40, out _));
        Assert.False(SockaddrVm.TryRead(Hex.Bytes("28000000 d2040000 030000"), 40, out _));
    }

    [Fact]
    public void Round_trips()
    {
        var original = new SockaddrVm(42, 65536, SockaddrVm.FlagToHost);
        Span<byte> bytes = stackalloc byte[SockaddrVm.Size];
        original.Write(bytes, 40);

        Assert.True(SockaddrVm.TryRead(bytes, 40, out var decoded));
        Assert.Equal(original, decoded);
    }
}
