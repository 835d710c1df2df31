using System.Buffers;

namespace RuntimeActors.Fuzz;

/// <summary>Builds multi-segment sequences, as a pipe hands over bytes that arrived in several buffers.</summary>
internal static class Segments
{
    /// <summary>A sequence of <paramref name="first"/> followed by <paramref name="second"/>, in two segments when both hold bytes.</summary>
    public static ReadOnlySequence<byte> Of(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second)
    {
        if (first.IsEmpty || second.IsEmpty)
        {
            return new ReadOnlySequence<byte>(first.IsEmpty ? second : first);
        }

        var start = new Segment(first, 0);
        var end = start.Append(second);
        return new ReadOnlySequence<byte>(start, 0, end, end.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
