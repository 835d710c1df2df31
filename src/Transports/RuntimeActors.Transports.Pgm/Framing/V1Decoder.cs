using System.Buffers.Binary;

namespace RuntimeActors.Transports.Pgm.Framing;

/// <summary>
/// Reads a ZMTP 1.0 stream (libzmq's v1_decoder) into whole messages: frames accumulate until one without MORE.
/// A size of 0 or a body larger than the bound is a protocol error; the caller then drops the stream state.
/// </summary>
internal sealed class V1Decoder
{
    private readonly long _maxMessageSize;
    private readonly byte[] _size = new byte[8];
    private readonly List<ReadOnlyMemory<byte>> _frames = [];
    private Stage _stage = Stage.Size;
    private int _sizeFilled;
    private byte[] _body = [];
    private int _bodyFilled;
    private bool _more;

    /// <summary>Creates a decoder; <paramref name="maxMessageSize"/> bounds a frame's body (-1: no bound).</summary>
    public V1Decoder(long maxMessageSize) => _maxMessageSize = maxMessageSize;

    private enum Stage
    {
        Size,
        LongSize,
        Flags,
        Body,
    }

    /// <summary>Drops a partly read frame or message.</summary>
    public void Reset()
    {
        _stage = Stage.Size;
        _sizeFilled = 0;
        _bodyFilled = 0;
        _body = [];
        _frames.Clear();
    }

    /// <summary>
    /// Decodes <paramref name="bytes"/>, adding each message it completes to <paramref name="messages"/>; false (and
    /// reset) on a protocol error, with what it was in <paramref name="error"/>.
    /// </summary>
    public bool Decode(ReadOnlySpan<byte> bytes, List<ZMessage> messages, out string? error)
    {
        error = null;
        while (!bytes.IsEmpty)
        {
            switch (_stage)
            {
                case Stage.Size:
                    if (bytes[0] == 0xff)
                    {
                        _stage = Stage.LongSize;
                        _sizeFilled = 0;
                        bytes = bytes[1..];
                        break;
                    }

                    if (!StartBody(bytes[0], out error))
                    {
                        return false;
                    }

                    bytes = bytes[1..];
                    break;
                case Stage.LongSize:
                {
                    var n = Math.Min(8 - _sizeFilled, bytes.Length);
                    bytes[..n].CopyTo(_size.AsSpan(_sizeFilled));
                    _sizeFilled += n;
                    bytes = bytes[n..];
                    if (_sizeFilled == 8 && !StartBody(BinaryPrimitives.ReadInt64BigEndian(_size), out error))
                    {
                        return false;
                    }

                    break;
                }

                case Stage.Flags:
                    _more = (bytes[0] & 1) != 0;
                    bytes = bytes[1..];
                    _stage = Stage.Body;
                    if (_body.Length == 0)
                    {
                        EndFrame(messages);
                    }

                    break;
                case Stage.Body:
                {
                    var n = Math.Min(_body.Length - _bodyFilled, bytes.Length);
                    bytes[..n].CopyTo(_body.AsSpan(_bodyFilled));
                    _bodyFilled += n;
                    bytes = bytes[n..];
                    if (_bodyFilled == _body.Length)
                    {
                        EndFrame(messages);
                    }

                    break;
                }
            }
        }

        return true;
    }

    private bool StartBody(long size, out string? error)
    {
        error = null;
        if (size <= 0)
        {
            error = "a frame of size 0 (the size counts the flags byte)";
            Reset();
            return false;
        }

        var body = size - 1;
        if ((_maxMessageSize >= 0 && body > _maxMessageSize) || body > Array.MaxLength)
        {
            error = $"a frame of {body} bytes exceeds the maximum message size {_maxMessageSize}";
            Reset();
            return false;
        }

        _body = body == 0 ? [] : new byte[body];
        _bodyFilled = 0;
        _stage = Stage.Flags;
        return true;
    }

    private void EndFrame(List<ZMessage> messages)
    {
        _frames.Add(_body);
        _body = [];
        _stage = Stage.Size;
        if (!_more)
        {
            messages.Add(new ZMessage(_frames));
            _frames.Clear();
        }
    }
}
