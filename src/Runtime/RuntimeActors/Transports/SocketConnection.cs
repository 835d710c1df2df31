using System.IO.Pipelines;
using System.Net.Sockets;

namespace RuntimeActors.Transports;

/// <summary>
/// A connected stream <see cref="Socket"/> (tcp, a Unix domain socket, an AF_VSOCK descriptor) as a duplex pipe:
/// <see cref="Input"/> receives from the socket on the owner's own read and <see cref="Output"/> sends on the owner's
/// own flush, as libzmq's stream engine drives its socket. Transports built on sockets share it and supply what differs:
/// their endpoint names, their error mapping, and whether the socket can wait for data with a zero-byte receive.
/// </summary>
/// <remarks>
/// <para>
/// There are no loops of its own between the socket and the owner: a receive loop filling a pipe made two threads take
/// turns at the pipe's lock for every segment, which measured as most of a 64-byte receiver's CPU, and an output pipe
/// kept a 64 KiB segment with every idle connection. Each half is one pooled buffer instead (<see cref="SocketReader"/>,
/// <see cref="SocketWriter"/>), held only while there are bytes in it.
/// </para>
/// <para>
/// <see cref="DisposeAsync"/> may run at any moment, from any thread, while the owner is still parked in
/// <c>Input.ReadAsync</c> or <c>Output.FlushAsync</c>: the pending read sees the end of the stream and the pending
/// flush reports completion.
/// </para>
/// <para>
/// <c>Output.FlushAsync</c> completes once the socket has accepted every flushed byte, so "flush, then dispose"
/// delivers the data, as with a blocking send in libzmq.
/// Where the family allows it, an idle connection holds no receive buffer: a read waits for data with a zero-byte
/// receive first. vsock's recvmsg returns 0 at once for an empty buffer, so there a real buffer is posted.
/// </para>
/// <para>
/// The owner completes its own ends (<c>Input.Complete()</c> once its reads are over, <c>Output.CompleteAsync()</c>)
/// when done; completing <c>Output</c> sends what is left and then ends the stream. A reset or failure surfaces as an
/// <see cref="IOException"/> from <c>Input.ReadAsync</c> or <c>Output.FlushAsync</c>; an orderly close by the peer
/// as a completed read.
/// </para>
/// </remarks>
public sealed class SocketConnection : IStreamConnection, IDuplexPipe
{
    private readonly Socket _socket;
    private readonly SocketReader _input;
    private readonly SocketWriter _output;
    private int _disposing;

    private SocketConnection(Socket socket, string localEndpoint, string remoteEndpoint, Func<SocketException, string, Exception> describeFailure, bool zeroByteReceiveWaits)
    {
        _socket = socket;
        LocalEndpoint = localEndpoint;
        RemoteEndpoint = remoteEndpoint;
        _input = new SocketReader(socket, remoteEndpoint, describeFailure, zeroByteReceiveWaits);
        _output = new SocketWriter(socket, remoteEndpoint, describeFailure);
    }

    /// <inheritdoc />
    public IDuplexPipe Transport => this;

    /// <summary>The bytes the peer sent.</summary>
    public PipeReader Input => _input;

    /// <summary>The bytes to send to the peer.</summary>
    public PipeWriter Output => _output;

    /// <inheritdoc />
    public string LocalEndpoint { get; }

    /// <inheritdoc />
    public string RemoteEndpoint { get; }

    /// <summary>The socket, for options a transport reads back (e.g. TCP_NODELAY).</summary>
    public Socket Socket => _socket;

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
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        // The owner's read may be parked in a receive and its flush in a send: both end quietly.
        _input.Abort();
        _output.Abort();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset or never fully connected: there is nothing left to shut down.
        }

        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
