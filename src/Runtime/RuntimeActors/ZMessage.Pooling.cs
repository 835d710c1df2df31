using RuntimeActors.Messages;
using System.Runtime.InteropServices;

namespace RuntimeActors;

/// <summary>
/// Ownership on the data path. A message the runtime makes for itself (one decoded from the wire, the copy a send
/// queues) is pooled: whoever holds it last inside the runtime recycles it. Frames in pooled memory are paid for
/// by references to their <see cref="FrameBuffer"/>s, released with the frames.
/// </summary>
public sealed partial class ZMessage
{
    // One buffer reference inline, further ones (frames in other buffers, or a second frame in the same one) in a list.
    /// <summary>A pooled message may keep a frame up to this size until it is taken again (see <see cref="Forget"/>).</summary>
    private const int RetainedFrameLimit = 1024;

    private FrameBuffer? _buffer;
    private List<FrameBuffer>? _moreBuffers;
    private bool _pooled;

    /// <summary>Whether the runtime owns this message alone and recycles it when done.</summary>
    internal bool IsPooled => _pooled;

    /// <summary>The first pooled buffer a frame lies in, if any (tests, diagnostics).</summary>
    internal FrameBuffer? FirstBuffer => _buffer;

    /// <summary>An empty data message of the runtime's own, from the pool.</summary>
    internal static ZMessage Rent()
    {
        // A recycled message keeps its last small frame (see Forget): the side that takes it clears it.
        var message = DataPathPools.RentMessage();
        message._single = default;
        message._hasSingle = false;
        message._frames?.Clear();
        message.Kind = MessageKind.Data;
        message._pooled = true;
        message.Properties = null;
        return message;
    }

    /// <summary>Gives a pooled message back, releasing its frames; a message that is not pooled is left alone.</summary>
    internal void Recycle()
    {
        if (!_pooled)
        {
            return;
        }

        ReleaseBuffers();
        Forget();
    }

    /// <summary>
    /// Returns the message to the pool without clearing what the taker clears anyway: the thread that gives it back
    /// only read it, and a write here would pull its cache line over from the sender's core once more per message
    /// (the inproc throughput row). Frames over <see cref="RetainedFrameLimit"/> bytes are let go, so that the pool
    /// never keeps a user's large arrays alive.
    /// </summary>
    private void Forget()
    {
        if (_frames is { Count: > 0 } frames)
        {
            frames.Clear();
        }
        else if (_single.Length > RetainedFrameLimit)
        {
            _single = default;
        }

        DataPathPools.ReturnMessage(this);
    }

    /// <summary>The message goes to more than one owner (fan-out, or out to the user): nobody may recycle it.</summary>
    internal void Share() => _pooled = false;

    /// <summary>Adds a frame that lies in <paramref name="buffer"/>, taking over one reference the caller holds.</summary>
    internal ZMessage Append(ReadOnlyMemory<byte> frame, FrameBuffer buffer)
    {
        Append(frame);
        AddBuffer(buffer);
        return this;
    }

    /// <summary>
    /// Takes references of its own to every buffer <paramref name="source"/>'s frames lie in, so that frames moved from
    /// there stay valid whatever becomes of <paramref name="source"/> (REP keeps a request's envelope for the reply).
    /// </summary>
    internal void HoldBuffersOf(ZMessage source)
    {
        if (source._buffer is not { } first)
        {
            return;
        }

        first.AddReference();
        AddBuffer(first);
        if (source._moreBuffers is { } more)
        {
            foreach (var buffer in more)
            {
                buffer.AddReference();
                AddBuffer(buffer);
            }
        }
    }

    /// <summary>What a send queues: a pooled message of the same frames, with references of its own to their memory.</summary>
    /// <remarks>The caller's message is never queued, so it may be changed or received into as soon as the send returns.</remarks>
    internal ZMessage CopyForSend()
    {
        var copy = Rent();
        copy.Kind = Kind;
        CopyFramesTo(copy);
        return copy;
    }

    /// <summary>
    /// Makes this message the one in <paramref name="source"/>, releasing what it held: the frames of a pooled
    /// source are moved and the source recycled; a shared source is copied and left as it is.
    /// </summary>
    internal void TakeFrom(ZMessage source)
    {
        Clear();
        Properties = source.Properties;
        if (!source._pooled)
        {
            CopyFramesTo(this, source);
            return;
        }

        if (source._frames is { Count: > 0 })
        {
            (_frames, source._frames) = (source._frames, _frames);
        }
        else if (source._hasSingle)
        {
            // Read, not swapped: see Forget. A list this message kept from an earlier multipart one holds the frame.
            Append(source._single);
        }

        if (source._buffer is not null)
        {
            (_buffer, source._buffer) = (source._buffer, _buffer);
            (_moreBuffers, source._moreBuffers) = (source._moreBuffers, _moreBuffers);
        }

        source.Forget();
    }

    /// <summary>
    /// Turns a message of the runtime's into one the user keeps: frames in shared pooled memory are copied out (a
    /// frame kept indefinitely must not hold a whole buffer), a sole large frame keeps its array, references go back.
    /// </summary>
    internal ZMessage Detach()
    {
        _pooled = false;
        if (_buffer is null)
        {
            return this;
        }

        for (var i = 0; i < Count; i++)
        {
            var frame = this[i];
            if (MemoryMarshal.TryGetArray(frame, out var segment) && FindBuffer(segment.Array) is { } buffer)
            {
                ReplaceFrame(i, buffer.TryAbandonArray(out var array) ? array.AsMemory(segment.Offset, segment.Count) : frame.ToArray());
            }
        }

        ReleaseBuffers();
        return this;
    }

    private static void CopyFramesTo(ZMessage target, ZMessage source)
    {
        if (source._frames is { } frames)
        {
            foreach (var frame in frames)
            {
                target.Append(frame);
            }
        }
        else if (source._hasSingle)
        {
            target.Append(source._single);
        }

        target.HoldBuffersOf(source);
    }

    private void CopyFramesTo(ZMessage target) => CopyFramesTo(target, this);

    private void AddBuffer(FrameBuffer buffer)
    {
        if (_buffer is null)
        {
            _buffer = buffer;
        }
        else
        {
            (_moreBuffers ??= []).Add(buffer);
        }
    }

    private FrameBuffer? FindBuffer(byte[]? array)
    {
        if (_buffer!.Holds(array))
        {
            return _buffer;
        }

        if (_moreBuffers is { } more)
        {
            foreach (var buffer in more)
            {
                if (buffer.Holds(array))
                {
                    return buffer;
                }
            }
        }

        return null;
    }

    private void ReplaceFrame(int index, ReadOnlyMemory<byte> frame)
    {
        if (_frames is not null)
        {
            _frames[index] = frame;
        }
        else
        {
            _single = frame;
        }
    }

    private void ReleaseBuffers()
    {
        if (_buffer is null)
        {
            return;
        }

        _buffer.Release();
        _buffer = null;
        if (_moreBuffers is { } more)
        {
            foreach (var buffer in more)
            {
                buffer.Release();
            }

            more.Clear();
        }
    }
}
