using RuntimeActors.Messages;

namespace RuntimeActors.Tests.Messages;

public sealed class FrameBufferTests
{
    [Fact]
    public void A_rented_buffer_has_one_reference_and_cuts_consecutive_frames()
    {
        var buffer = FrameBuffer.Rent(100, dedicated: false);

        Assert.Equal(1, buffer.References);
        Assert.True(buffer.Available >= 100);
        var first = buffer.Allocate(10);
        var second = buffer.Allocate(20);
        Assert.True(MemoryMarshalSegment(first).Array == MemoryMarshalSegment(second).Array);
        Assert.Equal(MemoryMarshalSegment(first).Offset + 10, MemoryMarshalSegment(second).Offset);
        Assert.Equal(buffer.Array.Length - 30, buffer.Available);
        buffer.Release();
    }

    [Fact]
    public void References_count_up_and_down()
    {
        var buffer = FrameBuffer.Rent(16, dedicated: false);
        buffer.AddReference();
        buffer.AddReference();
        Assert.Equal(3, buffer.References);

        buffer.Release();
        buffer.Release();
        Assert.Equal(1, buffer.References);
        Assert.NotNull(buffer.Array);
        buffer.Release();
    }

    [Fact]
    public void Frame_references_from_the_fillers_reserve_count_exactly_once_the_filler_is_done()
    {
        var buffer = FrameBuffer.Rent(64, dedicated: false);
        buffer.AddFrameReference();
        buffer.AddFrameReference();
        buffer.AddFrameReference();
        Assert.True(buffer.References > 4, "the reserve is held while the buffer is being filled");

        buffer.ReleaseFiller();
        Assert.Equal(3, buffer.References);
        buffer.Release();
        buffer.Release();
        Assert.Equal(1, buffer.References);
        Assert.NotNull(buffer.Array);
        buffer.Release();
    }

    [Fact]
    public void A_filler_that_cut_no_frame_releases_the_buffer_whole()
    {
        var buffer = FrameBuffer.Rent(64, dedicated: false);
        var array = buffer.Array;

        buffer.ReleaseFiller();

        Assert.Equal(0, buffer.References);
        Assert.False(buffer.Holds(array));
    }

    [Fact]
    public void The_sole_owner_of_a_dedicated_buffer_may_keep_its_array()
    {
        var buffer = FrameBuffer.Rent(5000, dedicated: true);
        var expected = buffer.Array;

        Assert.True(buffer.TryAbandonArray(out var array));
        Assert.Same(expected, array);
        Assert.False(buffer.Holds(array));
        buffer.Release();
    }

    [Fact]
    public void A_shared_or_jointly_held_buffer_keeps_its_array()
    {
        var shared = FrameBuffer.Rent(5000, dedicated: false);
        var dedicated = FrameBuffer.Rent(5000, dedicated: true);
        dedicated.AddReference();

        Assert.False(shared.TryAbandonArray(out _));
        Assert.False(dedicated.TryAbandonArray(out _));
        Assert.True(shared.Holds(shared.Array));
        Assert.True(dedicated.Holds(dedicated.Array));
        shared.Release();
        dedicated.Release();
        dedicated.Release();
    }

    private static ArraySegment<byte> MemoryMarshalSegment(Memory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(memory, out var segment) ? segment : throw new InvalidOperationException("not an array");
}
