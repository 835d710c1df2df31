using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace RuntimeActors.Transports;

/// <summary>
/// A connected stream <see cref="Socket"/> (tcp, a Unix domain socket, an AF_VSOCK descriptor) as a duplex pipe:
/// <see cref="Input"/> receives from the socket on the owner's own read, and a send loop drains <see cref="Output"/>
/// into it, in the style of Kestrel's socket transport. Transports built on sockets share it and supply what differs:
/// their endpoint names, their error mapping, and whether the socket can wait for data with a zero-byte receive.
/// </summary>
/// <remarks>
/// <para>
/// Reading has no loop of its own: a receive loop filling a pipe made two threads take turns at the pipe's lock for
/// every segment, which measured as most of a 64-byte receiver's CPU. The owner's read receives straight into a
/// pooled buffer instead (see <see cref="SocketReader"/>), as libzmq's engine reads its socket. Writing keeps a pipe
/// and a send loop, both resuming inline, so that a flush sends on the flushing thread.
/// </para>
/// <para>
/// <see cref="DisposeAsync"/> may run at any moment, from any thread, while the owner is still parked in
/// <c>Input.ReadAsync</c> or <c>Output.FlushAsync</c>: the pending read sees the end of the stream and the pending
/// flush reports completion.
/// </para>
/// <para>
/// <c>Output.FlushAsync</c> completes once the socket has accepted every flushed byte (the output pipe pauses
/// the writer at one unsent byte), so "flush, then dispose" delivers the data, as with a blocking send in libzmq.
/// Where the family allows it, an idle connection holds no receive buffer: a read waits for data with a zero-byte
/// receive first. vsock's recvmsg returns 0 at once for an empty buffer, so there a real buffer is posted.
/// </para>
/// <para>
/// The owner completes its own ends (<c>Input.Complete()</c> once its reads are over, <c>Output.Complete()</c>) when
/// done; completing <c>Output</c> sends what is left and then ends the stream. A reset or failure surfaces as an
/// <see cref="IOException"/> from <c>Input.ReadAsync</c> or <c>Output.FlushAsync</c>; an orderly close by the peer
/// as a completed read.
/// </para>
/// </remarks>
public sealed class SocketConnection : IStreamConnection, IDuplexPipe
{
    /// <summary>The segment size of the output pipe.</summary>
    private const int SegmentSize = 64 * 1024;

    // Pausing at one byte makes FlushAsync wait until the send loop handed everything to the socket. Both ends resume
    // inline: a flush runs the send on the flushing thread, and a send that completes resumes the owner's next batch
    // on the sending thread, rather than each hand-off going through the thread pool.
    private static readonly PipeOptions OutputOptions = new(
        pool: MemoryPool<byte>.Shared,
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 1,
        resumeWriterThreshold: 1,
        minimumSegmentSize: SegmentSize,
        useSynchronizationContext: false);

    private readonly Socket _socket;
    private readonly Func<SocketException, string, Exception> _describeFailure;
    private readonly SocketReader _input;
    private readonly Pipe _output = new(OutputOptions);
    private readonly Task _sending;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposing;

    private SocketConnection(Socket socket, string localEndpoint, string remoteEndpoint, Func<SocketException, string, Exception> describeFailure, bool zeroByteReceiveWaits)
    {
        _socket = socket;
        _describeFailure = describeFailure;
        LocalEndpoint = localEndpoint;
        RemoteEndpoint = remoteEndpoint;
        _input = new SocketReader(socket, remoteEndpoint, describeFailure, zeroByteReceiveWaits);
        // On the thread pool explicitly: the caller may be an actor on a scheduler of its own.
        _sending = Task.Run(SendAsync);
    }

    /// <inheritdoc />
    public IDuplexPipe Transport => this;

    /// <summary>The bytes the peer sent.</summary>
    public PipeReader Input => _input;

    /// <summary>The bytes to send to the peer.</summary>
    public PipeWriter Output => _output.Writer;

    /// <inheritdoc />
    public string LocalEndpoint { get; }

    /// <inheritdoc />
    public string RemoteEndpoint { get; }

    /// <summary>The socket, for options a transport reads back (e.g. TCP_NODELAY).</summary>
    public Socket Socket => _socket;

    private bool Disposing => Volatile.Read(ref _disposing) != 0;

    /// <summary>Takes over a connected socket and starts moving bytes.</summary>
    /// <param name="socket">The connected socket; the connection owns it from now on.</param>
    /// <param name="localEndpoint">The local end, as an endpoint string.</param>
    /// <param name="remoteEndpoint">The remote end, as an endpoint string.</param>
    /// <param name="describeFailure">Turns a socket error of the established connection into the exception the owner sees (given the remote endpoint).</param>
    /// <param name="zeroByteReceiveWaits">Whether a zero-byte receive waits for data on this family (true for tcp and Unix sockets, false for vsock).</param>
    public static SocketConnection Start(Socket socket, string localEndpoint, string remoteEndpoint, Func<SocketException, string, Exception> describeFailure, bool zeroByteReceiveWaits = true)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(describeFailure);
        return new SocketConnection(socket, localEndpoint, remoteEndpoint, describeFailure, zeroByteReceiveWaits);
    }

    /// <summary>
    /// Closes the connection now: bytes flushed before are already with the kernel and still go out, then the end
    /// of the stream; the owner's pending read completes and its pending flush reports completion.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) != 0)
        {
            await _closed.Task.ConfigureAwait(false);
            return;
        }

        // The owner's read may be parked in a receive, and the send loop on an empty output pipe.
        _input.Abort();
        _output.Reader.CancelPendingRead();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset or never fully connected: there is nothing left to shut down.
        }

        _socket.Dispose();
        await _sending.ConfigureAwait(false);
        _closed.SetResult();
    }

    private async Task SendAsync()
    {
        Exception? failure = null;
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }

                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    var remaining = segment;
                    while (!remaining.IsEmpty)
                    {
                        var sent = await _socket.SendAsync(remaining, SocketFlags.None).ConfigureAwait(false);
                        remaining = remaining[sent..];
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    // The owner completed Output: everything is sent, so end the stream (a FIN on tcp).
                    _socket.Shutdown(SocketShutdown.Send);
                    break;
                }
            }
        }
        catch (Exception e) when (Disposing && e is SocketException or ObjectDisposedException)
        {
            // Our own DisposeAsync aborted the send: the owner's flush reports completion.
        }
        catch (SocketException e)
        {
            failure = _describeFailure(e, RemoteEndpoint);
        }
        catch (Exception)
        {
            // The owner completed Output with an error of its own: it already knows, and nothing more is sent.
        }

        await reader.CompleteAsync(failure).ConfigureAwait(false);
    }
}
