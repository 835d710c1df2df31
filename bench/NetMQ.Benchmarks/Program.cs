using System.Diagnostics;
using System.Globalization;
using NetMQ.Sockets;
using RuntimeActors.Wire.Benchmarks;

namespace NetMQ.Benchmarks;

/// <summary>
/// The NetMQ side of bench/run.sh: the same workloads, command line and output lines as bench/libzmq/zbench.c, so that
/// run.sh runs it as it runs zbench (NetMQ on both ends of a row).
/// </summary>
/// <remarks>
/// NetMQ is used as its own performance tests use it: one <see cref="Msg"/> received into again and again with
/// <c>Receive(ref msg)</c>, and on the sending side one <see cref="Msg"/> initialised over the same payload before each
/// <c>Send(ref msg, more: false)</c> (<see cref="Msg.InitGC(byte[], int)"/>: no copy by the program, as zbench.c's
/// <c>zmq_msg_init_data</c>). Blocking calls, a socket per process over tcp, two threads of one process over inproc.
/// </remarks>
internal static class Program
{
    private const string Usage =
        "usage: NetMQ.Benchmarks pull|rep ENDPOINT N SIZE WARM READYFILE | push|req ENDPOINT N SIZE WARM | inproc-thr|inproc-lat N SIZE WARM";

    private const string InprocEndpoint = "inproc://netmq-benchmarks";

    /// <summary>The sender's process CPU time at its first measured message (zbench.c's push_cpu_start).</summary>
    private static TimeSpan? s_sendCpuStart;

    private static int Main(string[] args)
    {
        if (Environment.GetEnvironmentVariable("BENCH_CURVE") == "1")
        {
            Console.Error.WriteLine("NetMQ.Benchmarks: BENCH_CURVE is not supported (run.sh has no NetMQ CURVE rows)");
            return 2;
        }

        // NetMQ closes a socket with a linger of NetMQConfig.Linger, zero unless set, where libzmq's default is infinite:
        // with zero a sender that closes its socket drops what is still queued. Infinite, as the other two sides close.
        NetMQConfig.Linger = Timeout.InfiniteTimeSpan;
        string[] lines;
        switch (args)
        {
            case ["inproc-thr", var n, var size, var warm] when TryParse(n, size, warm, out var w):
                lines = Inproc(new PullSocket(), new PushSocket(), w, Pull, Push);
                break;
            case ["inproc-lat", var n, var size, var warm] when TryParse(n, size, warm, out var w):
                lines = Inproc(new ResponseSocket(), new RequestSocket(), w, Echo, Request);
                break;
            case ["pull", var endpoint, var n, var size, var warm, var ready] when TryParse(n, size, warm, out var w):
                lines = [Bound(new PullSocket(), endpoint, ready, w, Pull, waitForPeer: false)];
                break;
            case ["rep", var endpoint, var n, var size, var warm, var ready] when TryParse(n, size, warm, out var w):
                lines = [Bound(new ResponseSocket(), endpoint, ready, w, Echo, waitForPeer: true)];
                break;
            case ["push", var endpoint, var n, var size, var warm] when TryParse(n, size, warm, out var w):
                lines = [Connected(new PushSocket(), endpoint, w, Push, waitForPeer: true)];
                break;
            case ["req", var endpoint, var n, var size, var warm] when TryParse(n, size, warm, out var w):
                lines = [Connected(new RequestSocket(), endpoint, w, Request, waitForPeer: false)];
                break;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }

        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        return 0;
    }

    private readonly record struct Workload(long Count, int Size, long Warm);

    private static bool TryParse(string n, string size, string warm, out Workload workload)
    {
        var style = NumberStyles.None;
        var culture = CultureInfo.InvariantCulture;
        // Two messages at least: the receiver times from the first measured message to the last.
        if (long.TryParse(n, style, culture, out var count) && count >= 2
            && int.TryParse(size, style, culture, out var bytes)
            && long.TryParse(warm, style, culture, out var warmUp))
        {
            workload = new Workload(count, bytes, warmUp);
            return true;
        }

        workload = default;
        return false;
    }

    /// <summary>The binding side; <paramref name="waitForPeer"/> (REP) closes only after the peer left, see <see cref="PeerWatch"/>.</summary>
    private static string Bound(NetMQSocket socket, string endpoint, string ready, Workload workload, Func<NetMQSocket, Workload, string> run, bool waitForPeer)
    {
        string line;
        using (socket)
        using (var peer = waitForPeer ? new PeerWatch(socket) : null)
        {
            ReadyFile.Write(ready, Bind(socket, endpoint));
            line = run(socket, workload);
            peer?.WaitUntilGone();
        }

        // zmq_ctx_term.
        NetMQConfig.Cleanup(block: true);
        return line;
    }

    private static string Bind(NetMQSocket socket, string endpoint)
    {
        // NetMQ binds a wildcard tcp port with BindRandomPort, which returns the port it got.
        if (endpoint.StartsWith("tcp://", StringComparison.Ordinal) && endpoint.EndsWith(":*", StringComparison.Ordinal))
        {
            var address = endpoint[..^2];
            return string.Create(CultureInfo.InvariantCulture, $"{address}:{socket.BindRandomPort(address)}");
        }

        socket.Bind(endpoint);
        return socket.Options.LastEndpoint ?? endpoint;
    }

    /// <summary>The connecting side; <paramref name="waitForPeer"/> (PUSH) closes only after the peer left, see <see cref="PeerWatch"/>.</summary>
    private static string Connected(NetMQSocket socket, string endpoint, Workload workload, Func<NetMQSocket, Workload, string> run, bool waitForPeer)
    {
        string line;
        using (socket)
        using (var peer = waitForPeer ? new PeerWatch(socket) : null)
        {
            socket.Connect(endpoint);
            line = run(socket, workload);
            // Where zbench.c's zmq_close and zmq_ctx_term wait until every message is on the wire, NetMQ's close can lose
            // the last ones (see PeerWatch): closed once the peer left, with every message received. A REQ has nothing
            // left to send after its last reply.
            peer?.WaitUntilGone();
        }

        // zmq_ctx_term; the CPU until here counts, as zbench.c's.
        NetMQConfig.Cleanup(block: true);
        return s_sendCpuStart is { } cpu
            ? string.Create(CultureInfo.InvariantCulture, $"{line} cpu={(Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / workload.Count:F4}")
            : line;
    }

    private static string[] Inproc(
        NetMQSocket bound,
        NetMQSocket connected,
        Workload workload,
        Func<NetMQSocket, Workload, string> runBound,
        Func<NetMQSocket, Workload, string> runConnected)
    {
        string[] lines;
        using (bound)
        using (connected)
        {
            bound.Bind(InprocEndpoint);
            connected.Connect(InprocEndpoint);
            // Two threads of one process, as zbench.c's inproc rows: the connecting side on a thread of its own. A NetMQ
            // socket is not thread-safe, but it may move between threads across a full fence: Thread.Start and Join are.
            string? connectedLine = null;
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    connectedLine = runConnected(connected, workload);
                }
                catch (Exception e)
                {
                    failure = e;
                }
            })
            {
                IsBackground = true,
            };
            thread.Start();
            var boundLine = runBound(bound, workload);
            thread.Join();
            if (failure is not null)
            {
                throw new InvalidOperationException("the connecting side failed", failure);
            }

            lines = [connectedLine!, boundLine];
        }

        NetMQConfig.Cleanup(block: true);
        return lines;
    }

    private static void ReceiveChecked(NetMQSocket socket, ref Msg message, int size)
    {
        socket.Receive(ref message);
        if (message.Size != size || message.HasMore)
        {
            throw new InvalidOperationException($"got a frame of {message.Size} bytes (more: {message.HasMore}), expected one of {size}");
        }
    }

    /// <summary>PULL: receives WARM+N messages and times the last N, as zbench.c's run_pull.</summary>
    private static string Pull(NetMQSocket pull, Workload workload)
    {
        var message = new Msg();
        message.InitEmpty();
        // The wall-clock time of the very first message (warm-up or measured), for the cold rows.
        ReceiveChecked(pull, ref message, workload.Size);
        var firstAt = DateTime.UtcNow;
        for (long i = 1; i < workload.Warm; i++)
        {
            ReceiveChecked(pull, ref message, workload.Size);
        }

        // First to last message of the measured part (with no warm-up, the message above).
        if (workload.Warm > 0)
        {
            ReceiveChecked(pull, ref message, workload.Size);
        }

        var allocated = Allocation.Now();
        var cpu = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        for (long i = 1; i < workload.Count; i++)
        {
            ReceiveChecked(pull, ref message, workload.Size);
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpuPerMessage = (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / (workload.Count - 1);
        var perMessage = Allocation.PerMessage(allocated, Allocation.Now(), workload.Count - 1);
        message.Close();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"thr msgs={workload.Count - 1} size={workload.Size} seconds={elapsed.TotalSeconds:F9} alloc={perMessage:F2} cpu={cpuPerMessage:F4} first_at={WallClock.UnixSeconds(firstAt)}");
    }

    /// <summary>PUSH: sends WARM+N messages, each a <see cref="Msg"/> over the same payload, as NetMQ's remote_thr sends.</summary>
    private static string Push(NetMQSocket push, Workload workload)
    {
        var payload = new byte[workload.Size];
        Array.Fill(payload, (byte)'x');
        var message = new Msg();
        long allocated = 0;
        for (long i = 0; i < workload.Warm + workload.Count; i++)
        {
            if (i == workload.Warm)
            {
                allocated = Allocation.Now();
                s_sendCpuStart = Environment.CpuUsage.TotalTime;
            }

            message.InitGC(payload, workload.Size);
            push.Send(ref message, more: false);
            message.Close();
        }

        var perMessage = Allocation.PerMessage(allocated, Allocation.Now(), workload.Count);
        return string.Create(CultureInfo.InvariantCulture, $"send msgs={workload.Count} alloc={perMessage:F2}");
    }

    /// <summary>REP: echoes WARM+N requests, the received <see cref="Msg"/> sent back.</summary>
    private static string Echo(NetMQSocket rep, Workload workload)
    {
        var message = new Msg();
        message.InitEmpty();
        long allocated = 0;
        for (long i = 0; i < workload.Warm + workload.Count; i++)
        {
            if (i == workload.Warm)
            {
                allocated = Allocation.Now();
            }

            ReceiveChecked(rep, ref message, workload.Size);
            rep.Send(ref message, more: false);
        }

        var perTrip = Allocation.PerMessage(allocated, Allocation.Now(), workload.Count);
        message.Close();
        return string.Create(CultureInfo.InvariantCulture, $"rep msgs={workload.Count} alloc={perTrip:F2}");
    }

    /// <summary>REQ: WARM+N round trips, the last N timed one by one, as zbench.c's run_req.</summary>
    private static string Request(NetMQSocket req, Workload workload)
    {
        var payload = new byte[workload.Size];
        Array.Fill(payload, (byte)'x');
        var request = new Msg();
        var reply = new Msg();
        reply.InitEmpty();
        var trips = new double[workload.Count];
        long allocated = 0;
        for (long i = 0; i < workload.Warm + workload.Count; i++)
        {
            if (i == workload.Warm)
            {
                allocated = Allocation.Now();
            }

            request.InitGC(payload, workload.Size);
            var start = Stopwatch.GetTimestamp();
            req.Send(ref request, more: false);
            ReceiveChecked(req, ref reply, workload.Size);
            var trip = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (i >= workload.Warm)
            {
                trips[i - workload.Warm] = trip;
            }
        }

        var perTrip = Allocation.PerMessage(allocated, Allocation.Now(), workload.Count);
        request.Close();
        reply.Close();
        var mean = trips.Average();
        Array.Sort(trips);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"lat n={workload.Count} mean={mean:F3} p50={Rank(trips, 50):F3} p99={Rank(trips, 99):F3} alloc={perTrip:F2}");
    }

    // Nearest rank, as zbench.c computes it.
    private static double Rank(double[] sorted, int percent) => sorted[((sorted.Length * percent) + 99) / 100 - 1];
}
