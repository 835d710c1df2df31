using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RuntimeActors.Transports;

/// <summary>
/// The sending half of a <see cref="SocketConnection"/>: a <see cref="PipeWriter"/> that encodes into one pooled
/// buffer and sends it to the socket on the owner's own flush, as libzmq's stream engine writes its socket. The buffer
/// goes back to the pool after every flush, so an idle connection holds none.
/// </summary>
/// <remarks>
/// One writer at a time, as for any <see cref="PipeWriter"/>. <see cref="FlushAsync"/> completes once the socket has
/// taken every byte, so "flush, then dispose" delivers the data, as a blocking send does in libzmq. A flush cancelled
/// before it starts keeps its bytes; one cancelled part way ends the connection, since the socket does not say how much
/// went out. It replaces an output pipe and its send loop, whose last 64 KiB segment stayed with every connection
/// (dotnet-gcdump of a ROUTER with 2,000 idle peers, bench/run.sh's scale row).
/// </remarks>
internal sealed class SocketWriter(Socket socket, string remoteEndpoint, Func<SocketException, string, Exception> describeFailure)
    : PipeWriter, IDirectSend
{
    /// <summary>The buffer rented for a flush's worth of bytes; it doubles while the owner writes more before flushing.</summary>
    private const int BufferSize = 64 * 1024;

    private byte[]? _buffer;
    private int _buffered;
    private bool _completed;
    private volatile bool _aborted;
    private int _cancelPending;
    private SocketGatherSend? _gather;

    /// <summary>The connection is being disposed: a send that fails from now on reports a completed reader instead of failing.</summary>
    public void Abort() => _aborted = true;

    /// <inheritdoc />
    public override bool CanGetUnflushedBytes => true;

    /// <inheritdoc />
    public override long UnflushedBytes => _buffered;

    /// <inheritdoc />
    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_buffered);
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_buffered);
    }

    /// <inheritdoc />
    public override void Advance(int bytes)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (bytes < 0 || _buffer is null || bytes > _buffer.Length - _buffered)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "Advance went past the memory the writer handed out.");
        }

        _buffered += bytes;
    }

    /// <inheritdoc />
    public override void CancelPendingFlush() => Interlocked.Exchange(ref _cancelPending, 1);

    /// <inheritdoc />
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (Interlocked.Exchange(ref _cancelPending, 0) != 0)
        {
            return new ValueTask<FlushResult>(new FlushResult(isCanceled: true, isCompleted: false));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // Nothing was sent: the bytes stay for the next flush.
            return ValueTask.FromCanceled<FlushResult>(cancellationToken);
        }

        return _buffered == 0 || _aborted
            ? new ValueTask<FlushResult>(Discard(_aborted))
            : SendAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> FlushWithAsync(ReadOnlyMemory<byte> tail, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return SendAllAsync(tail, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Without an exception, what is still buffered is sent first; then the stream ends (a FIN on tcp).</remarks>
    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        try
        {
            if (exception is null && _buffered > 0 && !_aborted)
            {
                await SendAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            Finish(exception);
        }
    }

    /// <inheritdoc />
    /// <remarks>Sends nothing more: what is still buffered is dropped (use <see cref="CompleteAsync"/> to send it); the stream ends.</remarks>
    public override void Complete(Exception? exception = null)
    {
        if (!_completed)
        {
            Finish(exception);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlushResult> SendAsync(CancellationToken cancellationToken) =>
        new(isCanceled: false, isCompleted: !await SendAllAsync(ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false));

    /// <summary>Sends what is buffered, then <paramref name="tail"/>; the buffer goes back to the pool either way.</summary>
    /// <returns>False when our own DisposeAsync aborted the connection: the owner sees a reader that takes no more.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendAllAsync(ReadOnlyMemory<byte> tail, CancellationToken cancellationToken)
    {
        if (_aborted)
        {
            Discard(completed: true);
            return false;
        }

        try
        {
            // One gather send for the buffered bytes (a frame header) and the tail (its body), as many sends as the
            // socket needs after that.
            var head = _buffered;
            var sent = head == 0 ? 0 : await SendGatheredAsync(tail, cancellationToken).ConfigureAwait(false);
            while (sent < head + tail.Length)
            {
                sent += sent < head
                    ? await socket.SendAsync(_buffer.AsMemory(sent, head - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false)
                    : await socket.SendAsync(tail[(sent - head)..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (_aborted && e is SocketException or ObjectDisposedException)
        {
            Discard(completed: true);
            return false;
        }
        catch (Exception e) when (IsCancellation(e, cancellationToken))
        {
            Abandon();
            throw new OperationCanceledException(cancellationToken);
        }
        catch (SocketException e)
        {
            Discard(completed: true);
            throw describeFailure(e, remoteEndpoint);
        }
        catch
        {
            Discard(completed: true);
            throw;
        }

        Discard(completed: false);
        return true;
    }

    /// <summary>Sends the buffered bytes and as much of <paramref name="tail"/> as the socket takes in one call.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> SendGatheredAsync(ReadOnlyMemory<byte> tail, CancellationToken cancellationToken)
    {
        if (tail.IsEmpty || !MemoryMarshal.TryGetArray(tail, out var body))
        {
            return await socket.SendAsync(_buffer.AsMemory(0, _buffered), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }

        _gather ??= new SocketGatherSend();
        return await _gather.SendAsync(socket, new ArraySegment<byte>(_buffer!, 0, _buffered), body).ConfigureAwait(false);
    }

    private static bool IsCancellation(Exception e, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
        && e is OperationCanceledException or SocketException { SocketErrorCode: SocketError.OperationAborted };

    /// <summary>
    /// A send cancelled part way: the socket does not say how much of it went out, so the stream cannot go on without a
    /// gap or a repeat. The writer takes no more and the connection is shut down both ways.
    /// </summary>
    private void Abandon()
    {
        _completed = true;
        Discard(completed: true);
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: the peer sees the end either way.
        }
    }

    /// <summary>Forgets what is buffered and gives the buffer back.</summary>
    private FlushResult Discard(bool completed)
    {
        _buffered = 0;
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        return new FlushResult(isCanceled: false, isCompleted: completed);
    }

    private void Finish(Exception? exception)
    {
        _completed = true;
        Discard(completed: true);
        _gather?.Dispose();
        if (exception is null && !_aborted)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already reset or closed: the peer sees the end either way.
            }
        }
    }

    private void Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = Math.Max(sizeHint, 1);
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(BufferSize, needed));
            return;
        }

        if (_buffer.Length - _buffered >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _buffered + needed));
        Buffer.BlockCopy(_buffer, 0, larger, 0, _buffered);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
