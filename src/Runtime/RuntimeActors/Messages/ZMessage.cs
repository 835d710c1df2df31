using System.Collections;
using System.Text;

namespace RuntimeActors;

/// <summary>
/// A multipart message: an ordered list of frames, each a <see cref="ReadOnlyMemory{T}"/> of bytes. Frames
/// are not copied when the message moves between sockets of one process; the sender must not change a
/// frame's bytes after sending.
/// </summary>
public sealed class ZMessage : IReadOnlyList<ReadOnlyMemory<byte>>
{
    private readonly List<ReadOnlyMemory<byte>> _frames;

    /// <summary>Creates an empty message.</summary>
    public ZMessage() => _frames = [];

    /// <summary>Creates a message of <paramref name="frames"/>.</summary>
    public ZMessage(IEnumerable<ReadOnlyMemory<byte>> frames) => _frames = [.. frames];

    private ZMessage(List<ReadOnlyMemory<byte>> frames, MessageKind kind)
    {
        _frames = frames;
        Kind = kind;
    }

    /// <summary>The number of frames.</summary>
    public int Count => _frames.Count;

    /// <summary>The total number of bytes in all frames.</summary>
    public long Size
    {
        get
        {
            long size = 0;
            foreach (var frame in _frames)
            {
                size += frame.Length;
            }

            return size;
        }
    }

    /// <summary>Whether the message carries a subscription instead of data; used inside the runtime only.</summary>
    internal MessageKind Kind { get; }

    /// <summary>The frame at <paramref name="index"/>.</summary>
    public ReadOnlyMemory<byte> this[int index] => _frames[index];

    /// <summary>A message whose frames are the UTF-8 encodings of <paramref name="frames"/>.</summary>
    public static ZMessage FromStrings(params string[] frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var message = new ZMessage();
        foreach (var frame in frames)
        {
            message.Append(frame);
        }

        return message;
    }

    /// <summary>A message of the given byte arrays, not copied.</summary>
    public static ZMessage FromFrames(params byte[][] frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return new ZMessage(frames.Select(frame => (ReadOnlyMemory<byte>)frame));
    }

    /// <summary>Adds <paramref name="frame"/> at the end.</summary>
    public ZMessage Append(ReadOnlyMemory<byte> frame)
    {
        _frames.Add(frame);
        return this;
    }

    /// <summary>Adds the UTF-8 encoding of <paramref name="frame"/> at the end.</summary>
    public ZMessage Append(string frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Append(Encoding.UTF8.GetBytes(frame));
    }

    /// <summary>Adds <paramref name="frame"/> at the front, as an envelope.</summary>
    public ZMessage Push(ReadOnlyMemory<byte> frame)
    {
        _frames.Insert(0, frame);
        return this;
    }

    /// <summary>Removes and returns the first frame.</summary>
    /// <exception cref="InvalidOperationException">The message is empty.</exception>
    public ReadOnlyMemory<byte> Pop()
    {
        if (_frames.Count == 0)
        {
            throw new InvalidOperationException("The message has no frame to pop.");
        }

        var first = _frames[0];
        _frames.RemoveAt(0);
        return first;
    }

    /// <summary>The frame at <paramref name="index"/> decoded as UTF-8.</summary>
    public string GetString(int index) => Encoding.UTF8.GetString(_frames[index].Span);

    /// <summary>The frames decoded as UTF-8.</summary>
    public IReadOnlyList<string> GetStrings() => _frames.Select(frame => Encoding.UTF8.GetString(frame.Span)).ToArray();

    /// <inheritdoc />
    public IEnumerator<ReadOnlyMemory<byte>> GetEnumerator() => _frames.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() =>
        string.Join("|", _frames.Select(frame => frame.Length <= 64 && IsPrintable(frame.Span) ? Encoding.UTF8.GetString(frame.Span) : $"<{frame.Length} bytes>"));

    /// <summary>A subscription (or cancellation) of <paramref name="topic"/> for the peers of a SUB or XSUB socket.</summary>
    internal static ZMessage Subscription(bool subscribe, ReadOnlyMemory<byte> topic) =>
        new([topic], subscribe ? MessageKind.Subscribe : MessageKind.Cancel);

    /// <summary>The first message of an inproc connection: the sender's socket type and routing id.</summary>
    internal static ZMessage Handshake(string socketType, ReadOnlyMemory<byte> routingId) =>
        new([Encoding.ASCII.GetBytes(socketType), routingId], MessageKind.Handshake);

    private static bool IsPrintable(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }
}
