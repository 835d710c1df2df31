using RuntimeActors.Messages;
using System.Collections;
using System.Text;

namespace RuntimeActors;

/// <summary>
/// A multipart message: an ordered list of frames, each a <see cref="ReadOnlyMemory{T}"/> of bytes. Frames
/// are not copied when the message moves between sockets of one process; the sender must not change a
/// frame's bytes after sending. The message object itself is the caller's again as soon as a send returns.
/// </summary>
/// <remarks>
/// A message filled by <see cref="ZSocket.ReceiveAsync(ZMessage, CancellationToken)"/> may hold frames in pooled
/// memory: they stay valid until the message is received into again or <see cref="Clear"/>ed, then the memory is
/// reused. Copy a frame (<c>ToArray()</c>) to keep it longer. Messages returned by
/// <see cref="ZSocket.ReceiveAsync(CancellationToken)"/> own their frames outright.
/// </remarks>
public sealed partial class ZMessage : IReadOnlyList<ReadOnlyMemory<byte>>
{
    // Most messages have one frame: it is kept inline, and a list is made only for a second one. A received
    // 64-byte message is then two objects (this and the frame's bytes) instead of four.
    private ReadOnlyMemory<byte> _single;
    private bool _hasSingle;
    private List<ReadOnlyMemory<byte>>? _frames;

    /// <summary>Creates an empty message.</summary>
    public ZMessage()
    {
    }

    /// <summary>Creates a message of <paramref name="frames"/>.</summary>
    public ZMessage(IEnumerable<ReadOnlyMemory<byte>> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        foreach (var frame in frames)
        {
            Append(frame);
        }
    }

    private ZMessage(MessageKind kind, params ReadOnlySpan<ReadOnlyMemory<byte>> frames)
    {
        Kind = kind;
        foreach (var frame in frames)
        {
            Append(frame);
        }
    }

    /// <summary>The number of frames.</summary>
    public int Count => _frames?.Count ?? (_hasSingle ? 1 : 0);

    /// <summary>The total number of bytes in all frames.</summary>
    public long Size => ByteCount;

    /// <summary>The bytes of all frames, counted by index: the data path and the metrics read it per message, where an enumerator would allocate.</summary>
    internal long ByteCount
    {
        get
        {
            long size = 0;
            for (var i = 0; i < Count; i++)
            {
                size += this[i].Length;
            }

            return size;
        }
    }

    /// <summary>Whether the message carries a subscription instead of data; used inside the runtime only.</summary>
    internal MessageKind Kind { get; private set; }

    /// <summary>The frame at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not that of a frame.</exception>
    public ReadOnlyMemory<byte> this[int index]
    {
        get
        {
            if (_frames is not null)
            {
                return _frames[index];
            }

            if (index != 0 || !_hasSingle)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The message has {Count} frames.");
            }

            return _single;
        }
    }

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
        var message = new ZMessage();
        foreach (var frame in frames)
        {
            message.Append(frame);
        }

        return message;
    }

    /// <summary>Removes every frame and gives pooled frame memory back; the message can be filled again.</summary>
    public void Clear()
    {
        _frames?.Clear();
        ClearSingle();
        ReleaseBuffers();
    }

    /// <summary>Adds <paramref name="frame"/> at the end.</summary>
    public ZMessage Append(ReadOnlyMemory<byte> frame)
    {
        Add(frame, atFront: false);
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
        Add(frame, atFront: true);
        return this;
    }

    /// <summary>Removes and returns the first frame.</summary>
    /// <exception cref="InvalidOperationException">The message is empty.</exception>
    public ReadOnlyMemory<byte> Pop()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The message has no frame to pop.");
        }

        if (_frames is null)
        {
            var single = _single;
            ClearSingle();
            return single;
        }

        var first = _frames[0];
        _frames.RemoveAt(0);
        return first;
    }

    /// <summary>
    /// The properties of the connection this message arrived on (libzmq's zmq_msg_gets): set on received messages,
    /// null on messages built here.
    /// </summary>
    internal MessageProperties? Properties { get; set; }

    /// <summary>
    /// The user id the ZAP handler returned for the peer this message came from (libzmq's "User-Id" property), or null
    /// when ZAP was not asked or returned none.
    /// </summary>
    public string? UserId => Properties?.UserId;

    /// <summary>The address of the peer this message came from (libzmq's "Peer-Address" property), or null for a message not received from a peer.</summary>
    public string? PeerAddress => Properties?.PeerAddress;

    /// <summary>
    /// A property of the connection this message arrived on, as libzmq's zmq_msg_gets reads it: "Peer-Address",
    /// "User-Id", the metadata the ZAP handler returned, and the peer's handshake metadata ("Socket-Type", "Identity"...).
    /// </summary>
    /// <returns>The value, or null when the message has no such property.</returns>
    public string? GetProperty(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Properties?.Get(name);
    }

    /// <summary>The frame at <paramref name="index"/> decoded as UTF-8.</summary>
    public string GetString(int index) => Encoding.UTF8.GetString(this[index].Span);

    /// <summary>The frames decoded as UTF-8.</summary>
    public IReadOnlyList<string> GetStrings() => this.Select(frame => Encoding.UTF8.GetString(frame.Span)).ToArray();

    /// <inheritdoc />
    public IEnumerator<ReadOnlyMemory<byte>> GetEnumerator()
    {
        if (_frames is not null)
        {
            return _frames.GetEnumerator();
        }

        return _hasSingle ? SingleFrame(_single) : Enumerable.Empty<ReadOnlyMemory<byte>>().GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() =>
        string.Join("|", this.Select(frame => frame.Length <= 64 && IsPrintable(frame.Span) ? Encoding.UTF8.GetString(frame.Span) : $"<{frame.Length} bytes>"));

    /// <summary>A subscription (or cancellation) of <paramref name="topic"/> for the peers of a SUB or XSUB socket.</summary>
    internal static ZMessage Subscription(bool subscribe, ReadOnlyMemory<byte> topic) =>
        new(subscribe ? MessageKind.Subscribe : MessageKind.Cancel, topic);

    /// <summary>The first message of an inproc connection: the sender's socket type and routing id.</summary>
    internal static ZMessage Handshake(string socketType, ReadOnlyMemory<byte> routingId) =>
        new(MessageKind.Handshake, Encoding.ASCII.GetBytes(socketType), routingId);

    /// <summary>The second message of an inproc connection: a frame whose memory carries the sender's inbox.</summary>
    internal static ZMessage Join(ReadOnlyMemory<byte> inbox) => new(MessageKind.Join, inbox);

    private static IEnumerator<ReadOnlyMemory<byte>> SingleFrame(ReadOnlyMemory<byte> frame)
    {
        yield return frame;
    }

    private void Add(ReadOnlyMemory<byte> frame, bool atFront)
    {
        if (_frames is not null)
        {
            _frames.Insert(atFront ? 0 : _frames.Count, frame);
        }
        else if (!_hasSingle)
        {
            _single = frame;
            _hasSingle = true;
        }
        else
        {
            _frames = atFront ? [frame, _single] : [_single, frame];
            ClearSingle();
        }
    }

    private void ClearSingle()
    {
        _single = default;
        _hasSingle = false;
    }

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
