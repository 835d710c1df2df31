using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace RuntimeActors.Transports;

/// <summary>
/// The receiving half of a <see cref="SocketConnection"/>: a <see cref="PipeReader"/> that receives from the socket
/// on the owner's own read, into one pooled buffer, as libzmq's stream engine reads its socket. There is no receive
/// loop between the socket and the owner, so no second thread takes turns with the owner at a lock for every
/// segment; the kernel's receive buffer is the only read-ahead, and it pushes back on the peer when the owner stops.
/// </summary>
/// <remarks>
/// One reader at a time, as for any <see cref="PipeReader"/>. The buffer is contiguous: what the owner leaves
/// unconsumed moves to its front before the next receive, and it grows when unconsumed bytes fill it. Where the
/// family allows it, an idle connection holds no buffer: the read waits for data with a zero-byte receive first.
/// </remarks>
[SuppressMessage("Reliability", "CA1001", Justification = "Complete, the PipeReader's end of life, disposes the token source.")]
internal sealed class SocketReader(Socket socket, string remoteEndpoint, Func<SocketException, string, Exception> describeFailure, bool zeroByteReceiveWaits)
    : PipeReader, IDirectReceive
{
    /// <summary>The buffer rented for a connection that has data; a receive can take up to this much.</summary>
    private const int BufferSize = 64 * 1024;

    /// <summary>Below this much free space after the unconsumed bytes, the buffer is compacted or grown before a receive.</summary>
    private const int MinimumReceiveSize = 4 * 1024;

    private byte[]? _buffer;
    private int _start;
    private int _end;
    private bool _examinedAll;
    private bool _endOfStream;
    private bool _lastReceiveFilled;
    private bool _completed;
    private volatile bool _aborted;
    private int _cancelPending;

    // Cancels the receive in flight for CancelPendingRead; replaced once used, so no token source is made per read.
    private CancellationTokenSource _receiveCancellation = new();

    /// <summary>Whether a receive buffer is rented now (an idle connection holds none where zero-byte receives wait).</summary>
    internal bool HoldsBuffer => _buffer is not null;

    /// <summary>The connection is being disposed: a receive that fails from now on ends the stream instead of failing.</summary>
    public void Abort() => _aborted = true;

    /// <inheritdoc />
    public override bool TryRead(out ReadResult result)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (Interlocked.Exchange(ref _cancelPending, 0) != 0)
        {
            RenewCancellation();
            result = new ReadResult(Buffered(), isCanceled: true, isCompleted: false);
            return true;
        }

        if ((_end > _start && !_examinedAll) || _endOfStream)
        {
            result = new ReadResult(Buffered(), isCanceled: false, isCompleted: _endOfStream);
            return true;
        }

        result = default;
        return false;
    }

    /// <inheritdoc />
    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
        TryRead(out var result) ? new ValueTask<ReadResult>(result) : ReceiveAsync(cancellationToken);

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        // Slice checks that the positions fall within the buffer last read (the caller must not keep older ones).
        var buffered = Buffered();
        var consumedIndex = _start + (int)buffered.Slice(0, consumed).Length;
        var examinedIndex = _start + (int)buffered.Slice(0, examined).Length;
        if (consumedIndex > examinedIndex)
        {
            throw new InvalidOperationException("AdvanceTo was given a consumed position after the examined one.");
        }

        _start = consumedIndex;
        _examinedAll = examinedIndex == _end;
        if (_start == _end)
        {
            // Everything is consumed: the buffer goes back now rather than at the next read, which an owner waiting for
            // room in its socket may not make for a while.
            ReturnBuffer();
        }
    }

    /// <inheritdoc />
    /// <remarks>A read waiting in the socket returns at once, canceled; without one, the next read does.</remarks>
    public override void CancelPendingRead()
    {
        Interlocked.Exchange(ref _cancelPending, 1);
        _receiveCancellation.Cancel();
    }

    /// <inheritdoc />
    /// <remarks>The owner completes its reader once its reads are over, so the buffer is no longer the socket's.</remarks>
    public override void Complete(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        ReturnBuffer();
        _receiveCancellation.Dispose();
    }

    /// <inheritdoc />
    public bool HoldsNoBytes => _end == _start && !_endOfStream && !_completed;

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveDirectAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (!HoldsNoBytes)
        {
            throw new InvalidOperationException("A direct receive would overtake the bytes the reader holds.");
        }

        try
        {
            var received = await socket.ReceiveAsync(destination, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            _endOfStream = received == 0;
            return received;
        }
        catch (Exception e) when (_aborted && e is SocketException or ObjectDisposedException)
        {
            _endOfStream = true;
            return 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (SocketException e)
        {
            throw describeFailure(e, remoteEndpoint);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> ReceiveAsync(CancellationToken cancellationToken)
    {
        var pending = _receiveCancellation.Token;
        // The caller's token cancels the same receive; registering reuses the token's nodes, unlike a linked source.
        using var caller = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _receiveCancellation);
        try
        {
            // A receive that filled its space suggests more is queued: skip the wait then.
            if (_end == 0 && zeroByteReceiveWaits && !_lastReceiveFilled)
            {
                ReturnBuffer();
                // The zero-byte receive can complete with no data to read (a third of 2,000 idle ROUTER connections
                // then sat in a receive holding 64 KiB each); readable with nothing available is the end of the stream.
                do
                {
                    await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, pending).ConfigureAwait(false);
                }
                while (socket.Available == 0 && !socket.Poll(0, SelectMode.SelectRead));
            }

            var space = ReserveSpace();
            var received = await socket.ReceiveAsync(space, SocketFlags.None, pending).ConfigureAwait(false);
            _end += received;
            _endOfStream = received == 0;
            _lastReceiveFilled = received == space.Length;
        }
        catch (Exception e) when (_aborted && e is SocketException or ObjectDisposedException)
        {
            // Our own DisposeAsync aborted the receive: the owner sees the end of the stream.
            _endOfStream = true;
        }
        catch (Exception e) when (e is OperationCanceledException || (e is SocketException { SocketErrorCode: SocketError.OperationAborted } && pending.IsCancellationRequested))
        {
            // The receive was cancelled before it took any bytes.
            Interlocked.Exchange(ref _cancelPending, 0);
            RenewCancellation();
            cancellationToken.ThrowIfCancellationRequested();
            return new ReadResult(Buffered(), isCanceled: true, isCompleted: false);
        }
        catch (SocketException e)
        {
            throw describeFailure(e, remoteEndpoint);
        }

        _examinedAll = false;
        var canceled = Interlocked.Exchange(ref _cancelPending, 0) != 0;
        if (canceled)
        {
            RenewCancellation();
        }

        return new ReadResult(Buffered(), canceled, _endOfStream);
    }

    /// <summary>A cancelled token source cannot be reset, and the next receive must not start cancelled.</summary>
    private void RenewCancellation()
    {
        if (_receiveCancellation.IsCancellationRequested)
        {
            _receiveCancellation.Dispose();
            _receiveCancellation = new CancellationTokenSource();
        }
    }

    /// <summary>Room after the unconsumed bytes for at least <see cref="MinimumReceiveSize"/> bytes.</summary>
    private Memory<byte> ReserveSpace()
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
        if (_buffer.Length - _end >= MinimumReceiveSize)
        {
            return _buffer.AsMemory(_end);
        }

        var unconsumed = _end - _start;
        var target = unconsumed + MinimumReceiveSize <= _buffer.Length ? _buffer : ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, unconsumed + MinimumReceiveSize));
        Buffer.BlockCopy(_buffer, _start, target, 0, unconsumed);
        if (!ReferenceEquals(target, _buffer))
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = target;
        }

        _start = 0;
        _end = unconsumed;
        return _buffer.AsMemory(_end);
    }

    private ReadOnlySequence<byte> Buffered() =>
        _buffer is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_buffer, _start, _end - _start);

    private void ReturnBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _start = 0;
            _end = 0;
        }
    }
}
