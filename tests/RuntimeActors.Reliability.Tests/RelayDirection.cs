namespace RuntimeActors.Reliability.Tests;

/// <summary>
/// One direction of a <see cref="RelayProxy"/>, for all its connections: it can be paused (nothing more is read from the
/// sender, so the kernel's buffers fill and the sender stalls as over a dead link), delayed per chunk, and held to a
/// bandwidth; it counts what it relayed.
/// </summary>
internal sealed class RelayDirection
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _open = Opened();
    private long _bytes;
    private long _chunks;

    public RelayDirection(string name) => Name = name;

    public string Name { get; }

    /// <summary>Added before each chunk is passed on (latency of a slow link).</summary>
    public TimeSpan DelayPerChunk { get; set; }

    /// <summary>Bytes per second the direction passes at most; 0 for no limit.</summary>
    public long BytesPerSecond { get; set; }

    /// <summary>Bytes passed on so far, over every connection.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Chunks (reads from the sender) passed on so far.</summary>
    public long Chunks => Interlocked.Read(ref _chunks);

    public bool IsPaused
    {
        get
        {
            lock (_gate)
            {
                return !_open.Task.IsCompleted;
            }
        }
    }

    /// <summary>Stops passing bytes on (and reading them) until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Passes bytes on again, the held ones first.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    public override string ToString() => $"{Name}: {Bytes} bytes in {Chunks} chunks{(IsPaused ? ", paused" : string.Empty)}";

    /// <summary>Waits until the direction is open, then for its delay and bandwidth, before a chunk of <paramref name="length"/> bytes goes on.</summary>
    internal async Task BeforeChunkAsync(int length, CancellationToken cancellationToken)
    {
        Task open;
        lock (_gate)
        {
            open = _open.Task;
        }

        await open.WaitAsync(cancellationToken).ConfigureAwait(false);
        var wait = DelayPerChunk;
        var bandwidth = BytesPerSecond;
        if (bandwidth > 0)
        {
            wait += TimeSpan.FromSeconds((double)length / bandwidth);
        }

        // The delay is the condition under test (a slow link), not a wait for an event.
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    internal void Count(int length)
    {
        Interlocked.Add(ref _bytes, length);
        Interlocked.Increment(ref _chunks);
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
