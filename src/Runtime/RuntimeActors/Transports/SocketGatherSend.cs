using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace RuntimeActors.Transports;

/// <summary>
/// One reusable gather send, the buffered bytes (a frame header) and a message's body in one sendmsg, awaited without
/// a task per send: Socket's buffer-list overload returns a new <see cref="Task{TResult}"/> each time, 72 B per 64 KB
/// message on bench/run.sh's tcp push row. As Kestrel's socket sender, the event args are the awaitable.
/// </summary>
/// <remarks>One send at a time, as the <see cref="SocketWriter"/> that owns it.</remarks>
internal sealed class SocketGatherSend : SocketAsyncEventArgs, IValueTaskSource<int>
{
    private readonly ArraySegment<byte>[] _segments = new ArraySegment<byte>[2];
    private ManualResetValueTaskSourceCore<int> _completion;

    public SocketGatherSend()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>Sends <paramref name="head"/> then <paramref name="body"/> in one call; the bytes the socket took.</summary>
    /// <remarks>
    /// It takes no token: a send that began finishes or fails with the socket, and never leaves the body's array with
    /// the kernel after the caller moved on.
    /// </remarks>
    public ValueTask<int> SendAsync(Socket socket, ArraySegment<byte> head, ArraySegment<byte> body)
    {
        _segments[0] = head;
        _segments[1] = body;
        BufferList = _segments;
        _completion.Reset();
        if (socket.SendAsync(this))
        {
            return new ValueTask<int>(this, _completion.Version);
        }

        // Done at once: the result is read here, with no continuation to run.
        return SocketError == SocketError.Success
            ? new ValueTask<int>(Finish())
            : ValueTask.FromException<int>(Failed());
    }

    int IValueTaskSource<int>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    protected override void OnCompleted(SocketAsyncEventArgs e)
    {
        if (SocketError == SocketError.Success)
        {
            _completion.SetResult(Finish());
        }
        else
        {
            _completion.SetException(Failed());
        }
    }

    private int Finish()
    {
        var sent = BytesTransferred;
        Release();
        return sent;
    }

    private SocketException Failed()
    {
        var error = new SocketException((int)SocketError);
        Release();
        return error;
    }

    // The body's array is the message's: the send must not keep it alive once it is done.
    private void Release()
    {
        BufferList = null;
        _segments[0] = default;
        _segments[1] = default;
    }
}
