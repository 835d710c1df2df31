using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace RuntimeActors.Wire.Benchmarks;

/// <summary>PUSH to PULL: the sender sends as fast as the socket takes messages, the receiver times them.</summary>
internal static class Throughput
{
    /// <summary>
    /// The sender's process CPU time at its first measured message; the program adds the CPU per message to the send
    /// line once the socket closed and every message is on the wire, as zbench.c does.
    /// </summary>
    public static TimeSpan? SendCpuStart { get; private set; }

    public static async Task<string> ReceiveAsync(SocketCalls pull, Workload workload)
    {
        // One message received into again and again, as zbench.c's zmq_msg_recv into one zmq_msg_t.
        var message = new ZMessage();
        // The wall-clock time of the very first message (warm-up or measured), as zbench.c takes it.
        await ReceiveCheckedAsync(pull, message, workload.Size).ConfigureAwait(false);
        var firstAt = DateTime.UtcNow;
        for (long i = 1; i < workload.Warm; i++)
        {
            await ReceiveCheckedAsync(pull, message, workload.Size).ConfigureAwait(false);
        }

        // First to last message of the measured part, as the issue defines it (with no warm-up, the message above).
        if (workload.Warm > 0)
        {
            await ReceiveCheckedAsync(pull, message, workload.Size).ConfigureAwait(false);
        }

        var allocated = Allocation.Now();
        var cpu = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        for (long i = 1; i < workload.Count; i++)
        {
            await ReceiveCheckedAsync(pull, message, workload.Size).ConfigureAwait(false);
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpuPerMessage = (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / (workload.Count - 1);
        var perMessage = Allocation.PerMessage(allocated, Allocation.Now(), workload.Count - 1);
        // N messages span N-1 intervals from first to last; cpu is the process's µs per message over them, as zbench.c's.
        return string.Create(
            CultureInfo.InvariantCulture,
            $"thr msgs={workload.Count - 1} size={workload.Size} seconds={elapsed.TotalSeconds:F9} alloc={perMessage:F2} cpu={cpuPerMessage:F4} first_at={WallClock.UnixSeconds(firstAt)}");
    }

    public static async Task<string> SendAsync(SocketCalls push, Workload workload)
    {
        // One message sent again and again: PUSH does not change it, so what the sender allocates per
        // message is the runtime's cost, not the harness's.
        var payload = new byte[workload.Size];
        Array.Fill(payload, (byte)'x');
        var message = ZMessage.FromFrames(payload);
        for (long i = 0; i < workload.Warm; i++)
        {
            await push.SendAsync(message).ConfigureAwait(false);
        }

        var allocated = Allocation.Now();
        SendCpuStart = Environment.CpuUsage.TotalTime;
        for (long i = 0; i < workload.Count; i++)
        {
            await push.SendAsync(message).ConfigureAwait(false);
        }

        var perMessage = Allocation.PerMessage(allocated, Allocation.Now(), workload.Count);
        return string.Create(CultureInfo.InvariantCulture, $"send msgs={workload.Count} alloc={perMessage:F2}");
    }

    // Pooled, as the runtime's own waits: a receive that waits for data (a 64 KB stream over tcp, most receives) made
    // this method's state machine a heap object each time, 80-100 B per message counted against the runtime.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask ReceiveCheckedAsync(SocketCalls pull, ZMessage message, int size)
    {
        await pull.ReceiveAsync(message).ConfigureAwait(false);
        Check(message, size);
    }

    private static void Check(ZMessage message, int size)
    {
        if (message.Count != 1 || message[0].Length != size)
        {
            throw new InvalidOperationException($"got {message.Count} frames of {message.Size} bytes, expected 1 of {size}");
        }
    }
}
