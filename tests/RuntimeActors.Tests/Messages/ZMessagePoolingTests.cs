using RuntimeActors.Messages;
using System.Runtime.InteropServices;

namespace RuntimeActors.Tests.Messages;

/// <summary>Who owns a message and the pooled memory of its frames, message by message.</summary>
public sealed class ZMessagePoolingTests
{
    private static (ReadOnlyMemory<byte> Frame, FrameBuffer Buffer) Frame(FrameBuffer buffer, params byte[] bytes)
    {
        var memory = buffer.Allocate(bytes.Length);
        bytes.CopyTo(memory);
        buffer.AddReference();
        return (memory, buffer);
    }

    private static byte[]? ArrayOf(ReadOnlyMemory<byte> frame) => MemoryMarshal.TryGetArray(frame, out var segment) ? segment.Array : null;

    [Fact]
    public void A_pooled_message_carries_a_frame_and_a_reference_to_its_buffer()
    {
        var buffer = FrameBuffer.Rent(64, dedicated: false);
        var message = ZMessage.Rent();
        var (frame, owner) = Frame(buffer, 1, 2, 3);
        message.Append(frame, owner);

        Assert.True(message.IsPooled);
        Assert.NotNull(message.FirstBuffer);
        Assert.Equal([1, 2, 3], message[0].ToArray());
        Assert.Equal(2, buffer.References);

        message.Clear();
        Assert.Empty(message);
        Assert.Equal(1, buffer.References);
        buffer.Release();
    }

    [Fact]
    public void Recycling_leaves_a_message_that_is_not_pooled_alone()
    {
        var message = ZMessage.FromStrings("kept");

        message.Recycle();

        Assert.Equal(["kept"], message.GetStrings());
    }

    [Fact]
    public void A_shared_message_is_no_longer_recycled()
    {
        var message = ZMessage.Rent().Append("fanned out"u8.ToArray());
        message.Share();

        message.Recycle();

        Assert.False(message.IsPooled);
        Assert.Equal(["fanned out"], message.GetStrings());
    }

    [Fact]
    public void The_copy_a_send_queues_keeps_its_frames_and_memory_when_the_original_is_cleared()
    {
        var buffer = FrameBuffer.Rent(64, dedicated: false);
        var original = new ZMessage();
        var (frame, owner) = Frame(buffer, 9, 8);
        original.Append(frame, owner).Append("second");

        var copy = original.CopyForSend();
        Assert.Equal(3, buffer.References);
        original.Clear();

        Assert.True(copy.IsPooled);
        Assert.Equal(2, copy.Count);
        Assert.Equal([9, 8], copy[0].ToArray());
        Assert.Equal(2, buffer.References);
        copy.Recycle();
        Assert.Equal(1, buffer.References);
        buffer.Release();
    }

    [Fact]
    public void Receiving_into_moves_a_pooled_messages_frames_and_references_and_recycles_it()
    {
        var buffer = FrameBuffer.Rent(64, dedicated: false);
        var queued = ZMessage.Rent();
        var (frame, owner) = Frame(buffer, 5);
        queued.Append(frame, owner);
        var target = ZMessage.FromStrings("old", "frames");

        target.TakeFrom(queued);

        Assert.Equal([5], target[0].ToArray());
        Assert.Single(target);
        Assert.Equal(2, buffer.References);
        Assert.False(target.IsPooled);
        // Back in this thread's pool, and empty again when taken from it.
        Assert.Same(queued, ZMessage.Rent());
        Assert.Empty(queued);
        target.Clear();
        Assert.Equal(1, buffer.References);
        buffer.Release();
    }

    [Fact]
    public void Receiving_a_single_frame_into_a_message_that_was_multipart_keeps_its_frames_readable()
    {
        // Regression: the frame went beside the message's (emptied) list, where Count and the indexer do not look.
        var queued = ZMessage.Rent().Append("one"u8.ToArray());
        var target = ZMessage.FromStrings("old", "frames");

        target.TakeFrom(queued);

        Assert.Equal(["one"], target.GetStrings());
        Assert.Equal("one", target.GetString(0));
    }

    [Fact]
    public void A_recycled_message_lets_go_of_a_large_frame()
    {
        var large = new byte[4096];
        var message = ZMessage.Rent().Append(large);
        var target = new ZMessage();

        target.TakeFrom(message);

        // Looked at while in the pool (this thread's cache): the frame's array is no longer referenced there.
        Assert.True(message[0].IsEmpty);
        Assert.Same(large, MemoryMarshal.TryGetArray(target[0], out var segment) ? segment.Array : null);
    }

    [Fact]
    public void Receiving_into_copies_from_a_shared_message_and_takes_references_of_its_own()
    {
        var buffer = FrameBuffer.Rent(64, dedicated: false);
        var shared = ZMessage.Rent();
        var (frame, owner) = Frame(buffer, 7);
        shared.Append(frame, owner);
        shared.Share();
        var first = new ZMessage();
        var second = new ZMessage();

        first.TakeFrom(shared);
        second.TakeFrom(shared);

        Assert.Equal([7], first[0].ToArray());
        Assert.Equal([7], second[0].ToArray());
        Assert.Equal([7], shared[0].ToArray());
        Assert.Equal(4, buffer.References);
        first.Clear();
        second.Clear();
        Assert.Equal(2, buffer.References);
        shared.Clear();
        buffer.Release();
    }

    [Fact]
    public void A_message_kept_by_the_user_copies_frames_out_of_a_shared_buffer()
    {
        var buffer = FrameBuffer.Rent(64, dedicated: false);
        var message = ZMessage.Rent();
        var (frame, owner) = Frame(buffer, 1, 2);
        message.Append(frame, owner).Append("plain"u8.ToArray());

        message.Detach();

        Assert.False(message.IsPooled);
        Assert.Null(message.FirstBuffer);
        Assert.Equal([1, 2], message[0].ToArray());
        Assert.NotSame(buffer.Array, ArrayOf(message[0]));
        Assert.Equal("plain", message.GetString(1));
        Assert.Equal(1, buffer.References);
        buffer.Release();
    }

    [Fact]
    public void A_message_kept_by_the_user_takes_over_the_array_of_its_dedicated_frame()
    {
        var buffer = FrameBuffer.Rent(5000, dedicated: true);
        var array = buffer.Array;
        var memory = buffer.Allocate(5000);
        memory.Span.Fill(0x5A);
        var message = ZMessage.Rent();
        message.Append(memory, buffer);

        message.Detach();

        Assert.Same(array, ArrayOf(message[0]));
        Assert.Equal(5000, message[0].Length);
        Assert.All(message[0].ToArray(), b => Assert.Equal(0x5A, b));
        Assert.False(buffer.Holds(array));
    }

    [Fact]
    public void Holding_the_buffers_of_another_message_keeps_moved_frames_valid_after_it_is_cleared()
    {
        // REP keeps a request's envelope frames for the reply while the request may be received into again.
        var buffer = FrameBuffer.Rent(64, dedicated: false);
        var request = ZMessage.Rent();
        var (frame, owner) = Frame(buffer, 3, 3);
        request.Append(frame, owner).Append("body"u8.ToArray());
        var envelope = new ZMessage();

        envelope.Append(request.Pop());
        envelope.HoldBuffersOf(request);
        request.Clear();

        Assert.Equal(2, buffer.References);
        Assert.Equal([3, 3], envelope[0].ToArray());
        envelope.Clear();
        Assert.Equal(1, buffer.References);
        buffer.Release();
    }
}
