namespace RuntimeActors.Pipes;

/// <summary>
/// The event a thread blocks on in a blocking send or receive (<see cref="ReusableWaiter.TryBeginBlocking"/>): one per
/// thread, made on its first blocking call and reused for every later one (never disposed: it lives as long as its
/// thread, and makes no kernel handle, as nothing asks for its WaitHandle).
/// </summary>
/// <remarks>
/// Blocking on the async calls instead (<c>AsTask().GetAwaiter().GetResult()</c>) made a task and an event on every call
/// that had to wait, and put a pool thread between the waker and the blocked thread: the continuation ran there and only
/// then released the caller. A REQ/REP round trip over inproc between two threads took 15 µs so, 4 µs between two
/// async loops.
/// </remarks>
internal static class ThreadBlocker
{
    [ThreadStatic]
    private static ManualResetEventSlim? t_event;

    /// <summary>The calling thread's event: reset before each wait, set once by the one waker of that wait.</summary>
    public static ManualResetEventSlim Event => t_event ??= new ManualResetEventSlim();
}
