using System.Diagnostics;
using System.Globalization;

namespace RuntimeActors.Wire.Benchmarks;

/// <summary>REQ/REP round trips: REQ times each one, REP echoes the request.</summary>
internal static class Latency
{
    public static async Task<string> EchoAsync(SocketCalls rep, Workload workload)
    {
        var total = workload.Warm + workload.Count;
        // Received into and sent back, as zbench.c echoes one zmq_msg_t.
        var request = new ZMessage();
        long allocated = 0;
        for (long i = 0; i < total; i++)
        {
            if (i == workload.Warm)
            {
                allocated = Allocation.Now();
            }

            await rep.ReceiveAsync(request).ConfigureAwait(false);
            await rep.SendAsync(request).ConfigureAwait(false);
        }

        var perTrip = Allocation.PerMessage(allocated, Allocation.Now(), workload.Count);
        return string.Create(CultureInfo.InvariantCulture, $"rep msgs={workload.Count} alloc={perTrip:F2}");
    }

    public static async Task<string> RequestAsync(SocketCalls req, Workload workload)
    {
        var payload = new byte[workload.Size];
        Array.Fill(payload, (byte)'x');
        // The socket queues a copy of what it sends, so one request serves every trip, and one reply is received into.
        var request = new ZMessage().Append(payload);
        var reply = new ZMessage();
        var trips = new double[workload.Count];
        long allocated = 0;
        for (long i = 0; i < workload.Warm + workload.Count; i++)
        {
            if (i == workload.Warm)
            {
                allocated = Allocation.Now();
            }

            var start = Stopwatch.GetTimestamp();
            await req.SendAsync(request).ConfigureAwait(false);
            await req.ReceiveAsync(reply).ConfigureAwait(false);
            var trip = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (reply.Count != 1 || reply[0].Length != workload.Size)
            {
                throw new InvalidOperationException($"reply of {reply.Count} frames, {reply.Size} bytes");
            }

            if (i >= workload.Warm)
            {
                trips[i - workload.Warm] = trip;
            }
        }

        var perTrip = Allocation.PerMessage(allocated, Allocation.Now(), workload.Count);
        var mean = trips.Average();
        Array.Sort(trips);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"lat n={workload.Count} mean={mean:F3} p50={Rank(trips, 50):F3} p99={Rank(trips, 99):F3} alloc={perTrip:F2}");
    }

    // Nearest rank, as zbench.c computes it.
    private static double Rank(double[] sorted, int percent) => sorted[((sorted.Length * percent) + 99) / 100 - 1];
}
