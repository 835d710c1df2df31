using System.Collections;
using System.Runtime.InteropServices;
using System.Text;

namespace RuntimeActors.Tests.Messages;

public sealed class ZMessageTests
{
    private static readonly byte[] A = [0x41, 0x00, 0xFF];
    private static readonly byte[] B = [0x42];
    private static readonly byte[] C = [0x43, 0x43, 0x43, 0x43];
    private static readonly byte[] D = [0x00, 0x44];

    [Fact]
    public void An_empty_message_has_no_frames()
    {
        var message = new ZMessage();

        AssertCount(0, message);
        Assert.Equal(0, message.Size);
        Assert.Empty(Enumerated(message));
        Assert.Equal("", message.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void The_indexer_of_an_empty_message_throws(int index)
    {
        var message = new ZMessage();

        Assert.Throws<ArgumentOutOfRangeException>(() => message[index]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void The_indexer_of_a_one_frame_message_throws_past_its_frame(int index)
    {
        var message = new ZMessage().Append(A);

        Assert.Equal(A, message[0].ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => message[index]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public void The_indexer_of_a_two_frame_message_throws_past_its_frames(int index)
    {
        var message = new ZMessage().Append(A).Append(B);

        Assert.Equal(B, message[1].ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => message[index]);
    }

    [Fact]
    public void Append_keeps_order_through_one_two_three_and_four_frames()
    {
        var message = new ZMessage();

        Assert.Same(message, message.Append(A));
        AssertFrames(message, A);
        Assert.Same(message, message.Append(B));
        AssertFrames(message, A, B);
        message.Append(C);
        AssertFrames(message, A, B, C);
        message.Append(D);
        AssertFrames(message, A, B, C, D);
    }

    [Fact]
    public void Push_puts_each_frame_in_front_through_one_two_three_and_four_frames()
    {
        var message = new ZMessage();

        Assert.Same(message, message.Push(A));
        AssertFrames(message, A);
        Assert.Same(message, message.Push(B));
        AssertFrames(message, B, A);
        message.Push(C);
        AssertFrames(message, C, B, A);
        message.Push(D);
        AssertFrames(message, D, C, B, A);
    }

    [Fact]
    public void Append_and_Push_mix_in_order()
    {
        var message = new ZMessage().Append(A).Push(B).Append(C).Push(D);

        AssertFrames(message, D, B, A, C);
    }

    [Fact]
    public void Pop_of_an_empty_message_throws()
    {
        var message = new ZMessage();

        Assert.Throws<InvalidOperationException>(() => message.Pop());
        AssertCount(0, message);
    }

    [Fact]
    public void Pop_of_the_only_frame_leaves_an_empty_message_that_can_be_appended_to()
    {
        var message = new ZMessage().Append(A);

        Assert.Equal(A, message.Pop().ToArray());

        AssertCount(0, message);
        Assert.Equal(0, message.Size);
        Assert.Empty(Enumerated(message));
        Assert.Throws<ArgumentOutOfRangeException>(() => message[0]);
        Assert.Throws<InvalidOperationException>(() => message.Pop());

        message.Append(B);
        AssertFrames(message, B);
        message.Append(C);
        AssertFrames(message, B, C);
    }

    [Fact]
    public void Pop_of_the_only_frame_leaves_an_empty_message_that_can_be_pushed_to()
    {
        var message = new ZMessage().Push(A);

        Assert.Equal(A, message.Pop().ToArray());
        message.Push(B).Push(C);

        AssertFrames(message, C, B);
    }

    [Fact]
    public void Pop_takes_frames_from_the_front_of_a_two_frame_message_down_to_empty_and_back()
    {
        var message = new ZMessage().Append(A).Append(B);

        Assert.Equal(A, message.Pop().ToArray());
        AssertFrames(message, B);
        Assert.Equal(B, message.Pop().ToArray());
        AssertFrames(message);
        Assert.Throws<InvalidOperationException>(() => message.Pop());
        Assert.Throws<ArgumentOutOfRangeException>(() => message[0]);

        message.Append(C);
        AssertFrames(message, C);
        message.Push(D);
        AssertFrames(message, D, C);
    }

    [Fact]
    public void Pop_takes_frames_from_the_front_of_a_three_frame_message_in_order()
    {
        var message = new ZMessage().Append(A).Append(B).Append(C);

        Assert.Equal(A, message.Pop().ToArray());
        AssertFrames(message, B, C);
        Assert.Equal(B, message.Pop().ToArray());
        AssertFrames(message, C);
        Assert.Equal(C, message.Pop().ToArray());
        AssertFrames(message);
        Assert.Throws<InvalidOperationException>(() => message.Pop());

        message.Push(D).Append(A);
        AssertFrames(message, D, A);
    }

    [Fact]
    public void An_empty_frame_is_a_frame()
    {
        var message = new ZMessage().Append(ReadOnlyMemory<byte>.Empty);

        AssertCount(1, message);
        Assert.Equal(0, message.Size);
        Assert.True(message[0].IsEmpty);
        Assert.Single(Enumerated(message));

        message.Push(ReadOnlyMemory<byte>.Empty);
        AssertCount(2, message);

        Assert.True(message.Pop().IsEmpty);
        Assert.True(message.Pop().IsEmpty);
        AssertCount(0, message);
    }

    [Fact]
    public void Enumeration_of_an_empty_message_yields_nothing()
    {
        var message = new ZMessage();
        var seen = 0;
        foreach (var frame in message)
        {
            seen++;
        }

        Assert.Equal(0, seen);
        Assert.Empty(message.Select(frame => frame.ToArray()));
        Assert.Empty(message.GetStrings());
        Assert.False(((IEnumerable)message).GetEnumerator().MoveNext());
    }

    [Fact]
    public void Enumeration_of_a_one_frame_message_yields_its_frame()
    {
        var message = new ZMessage().Append(A);
        var seen = new List<byte[]>();
        foreach (var frame in message)
        {
            seen.Add(frame.ToArray());
        }

        Assert.Equal([A], seen);
        Assert.Equal([A], message.Select(frame => frame.ToArray()).ToList());
        Assert.Equal(A, message.Skip(0).Single().ToArray());
        Assert.Equal([A], NonGeneric(message));
    }

    [Fact]
    public void Enumeration_of_a_three_frame_message_yields_its_frames_in_order()
    {
        var message = new ZMessage().Append(B).Append(C).Push(A);
        var seen = new List<byte[]>();
        foreach (var frame in message)
        {
            seen.Add(frame.ToArray());
        }

        Assert.Equal([A, B, C], seen);
        Assert.Equal([A, B, C], message.Select(frame => frame.ToArray()).ToArray());
        Assert.Equal([C, B, A], message.Reverse().Select(frame => frame.ToArray()));
        Assert.Equal(B, message.Skip(1).First().ToArray());
        Assert.Equal(C, message.Skip(1).Last().ToArray());
        Assert.Equal([A, B, C], NonGeneric(message));
    }

    [Fact]
    public void Size_sums_the_frame_lengths()
    {
        Assert.Equal(3, new ZMessage().Append(A).Size);
        Assert.Equal(4, new ZMessage().Append(A).Append(B).Size);
        Assert.Equal(10, new ZMessage().Append(A).Append(B).Append(C).Append(ReadOnlyMemory<byte>.Empty).Append(D).Size);

        var popped = new ZMessage().Append(A).Append(C);
        popped.Pop();
        Assert.Equal(4, popped.Size);
    }

    [Fact]
    public void Size_of_large_frames_is_a_long_sum()
    {
        var big = new ReadOnlyMemory<byte>(new byte[1 << 20]);

        Assert.Equal(3L << 20, new ZMessage().Append(big).Append(big).Append(big).Size);
    }

    [Fact]
    public void FromFrames_keeps_the_arrays_in_order_without_copying_them()
    {
        var message = ZMessage.FromFrames(A, B, C);

        AssertFrames(message, A, B, C);
        Assert.True(MemoryMarshal.TryGetArray(message[0], out var first));
        Assert.Same(A, first.Array);
        Assert.True(MemoryMarshal.TryGetArray(message[2], out var third));
        Assert.Same(C, third.Array);
    }

    [Fact]
    public void FromFrames_of_one_array_keeps_it_without_copying()
    {
        var bytes = new byte[] { 1, 2, 3 };
        var message = ZMessage.FromFrames(bytes);

        AssertFrames(message, [1, 2, 3]);
        bytes[1] = 42;
        Assert.Equal([1, 42, 3], message[0].ToArray());
    }

    [Fact]
    public void FromFrames_of_nothing_is_empty_and_of_null_throws()
    {
        AssertCount(0, ZMessage.FromFrames());
        Assert.Throws<ArgumentNullException>(() => ZMessage.FromFrames(null!));
    }

    [Fact]
    public void FromStrings_encodes_each_frame_as_UTF8()
    {
        var message = ZMessage.FromStrings("héllo", "", "wörld €");

        AssertFrames(message, [0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F], [], Encoding.UTF8.GetBytes("wörld €"));
        Assert.Equal(["héllo", "", "wörld €"], message.GetStrings());
        Assert.Equal("wörld €", message.GetString(2));
        Assert.Equal(16, message.Size);
    }

    [Fact]
    public void FromStrings_of_one_string_is_one_frame()
    {
        var message = ZMessage.FromStrings("abc");

        AssertFrames(message, "abc"u8.ToArray());
    }

    [Fact]
    public void FromStrings_of_nothing_is_empty_and_of_null_throws()
    {
        AssertCount(0, ZMessage.FromStrings());
        Assert.Throws<ArgumentNullException>(() => ZMessage.FromStrings(null!));
        Assert.Throws<ArgumentNullException>(() => new ZMessage().Append((string)null!));
    }

    [Fact]
    public void Append_of_a_string_adds_its_UTF8_encoding()
    {
        var message = new ZMessage().Append("ü").Append("x");

        AssertFrames(message, [0xC3, 0xBC], [0x78]);
    }

    [Fact]
    public void The_enumerable_constructor_takes_the_frames_in_order()
    {
        AssertFrames(new ZMessage([]));
        AssertFrames(new ZMessage([A]), A);
        AssertFrames(new ZMessage([A, B, C]), A, B, C);
        AssertFrames(new ZMessage(Lazily(C, B, A)), C, B, A);
        Assert.Throws<ArgumentNullException>(() => new ZMessage(null!));
    }

    [Fact]
    public void The_enumerable_constructor_copies_another_message_frame_for_frame()
    {
        var original = new ZMessage().Append(A).Append(B);
        var copy = new ZMessage(original);

        original.Pop();

        AssertFrames(copy, A, B);
        AssertFrames(original, B);
    }

    [Fact]
    public void ToString_joins_printable_frames_with_bars()
    {
        Assert.Equal("a|b", ZMessage.FromStrings("a", "b").ToString());
        Assert.Equal("hello", ZMessage.FromStrings("hello").ToString());
        Assert.Equal("a||c", ZMessage.FromStrings("a", "", "c").ToString());
        Assert.Equal("", ZMessage.FromStrings("").ToString());
    }

    [Fact]
    public void ToString_shows_binary_and_long_frames_by_length()
    {
        var printable64 = new string('x', 64);
        var printable65 = new string('x', 65);

        Assert.Equal("<3 bytes>", ZMessage.FromFrames(A).ToString());
        Assert.Equal("<2 bytes>|B", ZMessage.FromFrames(D, B).ToString());
        Assert.Equal(printable64, ZMessage.FromStrings(printable64).ToString());
        Assert.Equal("<65 bytes>", ZMessage.FromStrings(printable65).ToString());
        Assert.Equal("~| |<1 bytes>|<1 bytes>", ZMessage.FromFrames([0x7E], [0x20], [0x7F], [0x1F]).ToString());
        // UTF-8 beyond ASCII is not printable in this sense.
        Assert.Equal("<2 bytes>", ZMessage.FromStrings("é").ToString());
    }

    private static void AssertFrames(ZMessage message, params byte[][] expected)
    {
        AssertCount(expected.Length, message);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], message[i].ToArray());
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => message[expected.Length]);
        Assert.Equal(expected, Enumerated(message));
        Assert.Equal(expected.Sum(frame => (long)frame.Length), message.Size);
    }

    /// <summary>The <see cref="ZMessage.Count"/> property itself, not an enumeration.</summary>
    private static void AssertCount(int expected, ZMessage message) => Assert.Equal(expected, message.Count);

    private static List<byte[]> Enumerated(ZMessage message) => message.Select(frame => frame.ToArray()).ToList();

    private static List<byte[]> NonGeneric(IEnumerable message)
    {
        var frames = new List<byte[]>();
        foreach (var frame in message)
        {
            frames.Add(((ReadOnlyMemory<byte>)frame).ToArray());
        }

        return frames;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Lazily(params byte[][] frames)
    {
        foreach (var frame in frames)
        {
            yield return frame;
        }
    }
}
