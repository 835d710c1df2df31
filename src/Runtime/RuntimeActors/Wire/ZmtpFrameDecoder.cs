using System.Buffers;

namespace RuntimeActors.Wire;

/// <summary>
/// Incremental ZMTP frame decoder for one connection: feed it received bytes in pieces of any
/// size and it reports each header as soon as it is complete, then copies the body into a
/// buffer the caller supplies (typically rented from a pool once the header says how big).
/// It allocates nothing per frame.
/// </summary>
/// <remarks>
/// The size limit is enforced when the header completes, before the caller rents anything and
/// before any body byte is accepted. After a protocol fault the decoder stays faulted: the
/// byte stream has lost its framing and the connection must close.
/// The body buffer may be smaller than the frame: a header is only a claim, and a caller that sized
/// its buffer to it would commit memory for bytes that may never come. The decoder fills what the
/// buffer holds and stops; the caller then passes a larger buffer holding the bytes read so far.
/// <code>
/// while (!input.IsEmpty)
/// {
///     if (!decoder.IsReadingBody)
///     {
///         if (!decoder.TryReadHeader(input, out var used)) break;
///         input = input[used..];
///         body = pool.Rent(Math.Min(decoder.BodyLength, Step));
///     }
///     var complete = decoder.TryReadBody(input, body, out var read);
///     input = input[read..];
///     if (complete) Deliver(decoder.Header, body);
///     else if (!input.IsEmpty) body = Grow(body, decoder.BodyBytesRead); // full: copy what was read into a larger one
/// }
/// </code>
/// </remarks>
internal sealed class ZmtpFrameDecoder
{
    private enum State
    {
        Flags,
        Size,
        Body,
        Faulted,
    }

    private State _state = State.Flags;
    private ZmtpFrameFlags _flags;
    private ulong _size;
    private int _sizeBytesPending;
    private ZmtpFrameHeader _header;
    private int _bodyRead;

    /// <summary>Creates a decoder positioned at a frame boundary.</summary>
    /// <param name="maxMessageSize">
    /// The largest frame body accepted, as ZMQ_MAXMSGSIZE; <see cref="ZmtpFrameHeader.NoSizeLimit"/> (or any negative value) for none.
    /// </param>
    public ZmtpFrameDecoder(long maxMessageSize = ZmtpFrameHeader.NoSizeLimit)
    {
        MaxMessageSize = maxMessageSize;
    }

    /// <summary>The largest frame body accepted; negative for no limit.</summary>
    public long MaxMessageSize { get; }

    /// <summary>Whether a header has been decoded and its body is still being read.</summary>
    public bool IsReadingBody => _state == State.Body;

    /// <summary>The header of the frame whose body is being read (or was just completed).</summary>
    public ZmtpFrameHeader Header => _header;

    /// <summary>The body size of the current frame; validated to fit in an array.</summary>
    public int BodyLength => (int)_header.Size;

    /// <summary>How many body bytes of the current frame are still to come.</summary>
    public int BodyBytesRemaining => _state == State.Body ? BodyLength - _bodyRead : 0;

    /// <summary>How many body bytes of the current frame have been read (copied or counted with <see cref="AdvanceBody"/>).</summary>
    public int BodyBytesRead => _state == State.Body ? _bodyRead : 0;

    /// <summary>
    /// Consumes header bytes from <paramref name="input"/> and stops at the end of the header,
    /// never consuming body bytes.
    /// </summary>
    /// <param name="input">Received bytes.</param>
    /// <param name="consumed">How many bytes of <paramref name="input"/> were used.</param>
    /// <returns>True when the header is complete; <see cref="Header"/> and <see cref="BodyLength"/> then describe the frame.</returns>
    /// <exception cref="ZmtpProtocolException">The header is invalid or the frame exceeds the size limit.</exception>
    public bool TryReadHeader(ReadOnlySpan<byte> input, out int consumed)
    {
        EnsureState(State.Flags, State.Size, "a header");
        consumed = 0;
        try
        {
            while (consumed < input.Length)
            {
                var b = input[consumed++];
                if (_state == State.Flags)
                {
                    _flags = ZmtpFrameHeader.ValidateFlags(b);
                    _size = 0;
                    _sizeBytesPending = (_flags & ZmtpFrameFlags.Long) != 0 ? 8 : 1;
                    _state = State.Size;
                    continue;
                }

                _size = (_size << 8) | b;
                if (--_sizeBytesPending == 0)
                {
                    _header = new ZmtpFrameHeader(_flags, ZmtpFrameHeader.ValidateSize(_size, MaxMessageSize));
                    _bodyRead = 0;
                    _state = State.Body;
                    return true;
                }
            }

            return false;
        }
        catch (ZmtpProtocolException)
        {
            _state = State.Faulted;
            throw;
        }
    }

    /// <summary>
    /// Consumes header bytes from <paramref name="reader"/>, advancing it past them only.
    /// </summary>
    /// <returns>True when the header is complete.</returns>
    /// <exception cref="ZmtpProtocolException">The header is invalid or the frame exceeds the size limit.</exception>
    public bool TryReadHeader(ref SequenceReader<byte> reader)
    {
        while (!reader.End)
        {
            var complete = TryReadHeader(reader.UnreadSpan, out var consumed);
            reader.Advance(consumed);
            if (complete)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Copies body bytes of the current frame from <paramref name="input"/> into
    /// <paramref name="body"/> at the position reached so far, stopping at the end of the frame or of
    /// <paramref name="body"/>, whichever comes first.
    /// </summary>
    /// <param name="input">Received bytes.</param>
    /// <param name="body">
    /// The body buffer for this frame so far: it holds the <see cref="BodyBytesRead"/> bytes read before at its start
    /// (pass the same buffer, or a larger one they were copied into), and may be shorter than <see cref="BodyLength"/>.
    /// </param>
    /// <param name="consumed">How many bytes of <paramref name="input"/> were used.</param>
    /// <returns>
    /// True when the body is complete; the decoder is then ready for the next header. False when
    /// <paramref name="input"/> ran out or <paramref name="body"/> is full.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="body"/> is shorter than the bytes already read.</exception>
    public bool TryReadBody(ReadOnlySpan<byte> input, Span<byte> body, out int consumed)
    {
        EnsureState(State.Body, State.Body, "a body");
        if (body.Length < _bodyRead)
        {
            throw new ArgumentException($"{_bodyRead} bytes of the {BodyLength}-byte frame body were read, the buffer has {body.Length}.", nameof(body));
        }

        consumed = Math.Min(input.Length, Math.Min(BodyLength, body.Length) - _bodyRead);
        input[..consumed].CopyTo(body[_bodyRead..]);
        _bodyRead += consumed;
        if (_bodyRead < BodyLength)
        {
            return false;
        }

        _state = State.Flags;
        return true;
    }

    /// <summary>
    /// Counts <paramref name="count"/> body bytes the caller put into the body buffer itself (received there directly);
    /// when that completes the body, the next <see cref="TryReadBody(ReadOnlySpan{byte}, Span{byte}, out int)"/> returns true without input.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or more than <see cref="BodyBytesRemaining"/>.</exception>
    public void AdvanceBody(int count)
    {
        EnsureState(State.Body, State.Body, "a body");
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, BodyBytesRemaining);
        _bodyRead += count;
    }

    /// <summary>
    /// Copies body bytes of the current frame from <paramref name="reader"/> into
    /// <paramref name="body"/>, advancing the reader past them only.
    /// </summary>
    /// <returns>True when the body is complete; false when <paramref name="reader"/> ran out or <paramref name="body"/> is full.</returns>
    public bool TryReadBody(ref SequenceReader<byte> reader, Span<byte> body)
    {
        // An empty body completes without input, so this must run at least once.
        do
        {
            var complete = TryReadBody(reader.UnreadSpan, body, out var consumed);
            reader.Advance(consumed);
            if (complete)
            {
                return true;
            }
        }
        while (!reader.End && _bodyRead < body.Length);

        return false;
    }

    private void EnsureState(State first, State second, string what)
    {
        if (_state == State.Faulted)
        {
            throw new InvalidOperationException("The decoder hit a protocol error earlier; the connection's framing is lost and it must be closed.");
        }

        if (_state != first && _state != second)
        {
            throw new InvalidOperationException($"The decoder is not reading {what} now.");
        }
    }
}
