namespace RuntimeActors.Wire.Benchmarks;

/// <summary>
/// How one side of a row sends and receives: awaiting the socket's async calls (tcp and ipc, a process per side), or
/// blocking a thread of its own in TrySend and TryReceive (inproc: two threads of one process, as zbench.c's). Two
/// async loops in one process share the thread pool, and a loop woken by the other may run on the other's thread; on
/// this 2-core machine they took turns on one worker thread for long stretches (docs/performance.md, step 12).
/// </summary>
internal sealed class SocketCalls(ZSocket socket, bool blocking)
{
    public ValueTask SendAsync(ZMessage message)
    {
        if (!blocking)
        {
            return socket.SendAsync(message);
        }

        Check(socket.TrySend(message, Timeout.InfiniteTimeSpan));
        return ValueTask.CompletedTask;
    }

    public ValueTask ReceiveAsync(ZMessage message)
    {
        if (!blocking)
        {
            return socket.ReceiveAsync(message);
        }

        Check(socket.TryReceive(message, Timeout.InfiniteTimeSpan));
        return ValueTask.CompletedTask;
    }

    private static void Check(bool completed)
    {
        if (!completed)
        {
            throw new InvalidOperationException("a call without a timeout timed out");
        }
    }
}
