using System.Globalization;

namespace RuntimeActors.Wire.Benchmarks;

/// <summary>
/// Runs one side of one row of bench/run.sh and prints its figures as one line, in the format of
/// bench/libzmq/zbench.c.
/// </summary>
internal static class Program
{
    private const string InprocEndpoint = "inproc://wire-benchmarks";

    private static async Task<int> Main(string[] args)
    {
        var workload = Workload.Parse(args);
        if (workload is null)
        {
            await Console.Error.WriteLineAsync(Workload.Usage).ConfigureAwait(false);
            return 2;
        }

        using var metrics = MetricsExport.StartUnlessDisabled();

        // The actor face runs in an actor system of its own making, as an Akka application's sockets would.
        if (workload.Mode is "actor-pull" or "actor-push")
        {
            Console.WriteLine(workload.Mode == "actor-pull"
                ? await ActorThroughput.ReceiveAsync(workload).ConfigureAwait(false)
                : await ActorThroughput.SendAsync(workload).ConfigureAwait(false));
            return 0;
        }

        // vsock and vmci only connect inside User-Mode Linux (bench/run.sh boots it for their rows).
        await using var runtime = SocketRuntime.Create(b => b.AddTcp().AddIpc().AddInproc().AddVsock().AddVmci().AddPgm());
        var lines = workload.Mode switch
        {
            "router" => [await Scale.RouterAsync(runtime, workload.Endpoint!, workload.Peers, workload.ReadyFile!).ConfigureAwait(false)],
            "pub" when workload.Peers > 0 => [await Scale.PublishAsync(runtime, workload.Endpoint!, workload.Peers, workload.Count, workload.Warm, workload.ReadyFile!).ConfigureAwait(false)],
            "pull" => [await BoundAsync(runtime, SocketType.Pull, workload, Throughput.ReceiveAsync).ConfigureAwait(false)],
            "sub" => [await BoundAsync(runtime, SocketType.Sub, workload, Throughput.ReceiveAsync).ConfigureAwait(false)],
            "rep" => [await BoundAsync(runtime, SocketType.Rep, workload, Latency.EchoAsync).ConfigureAwait(false)],
            "push" => [await ConnectedAsync(runtime, SocketType.Push, workload.Endpoint!, workload, Throughput.SendAsync).ConfigureAwait(false)],
            "pub" => [await ConnectedAsync(runtime, SocketType.Pub, workload.Endpoint!, workload, Throughput.SendAsync).ConfigureAwait(false)],
            "req" => [await ConnectedAsync(runtime, SocketType.Req, workload.Endpoint!, workload, Latency.RequestAsync).ConfigureAwait(false)],
            "inproc-thr" => await InprocAsync(runtime, SocketType.Pull, SocketType.Push, workload, Throughput.ReceiveAsync, Throughput.SendAsync).ConfigureAwait(false),
            _ => await InprocAsync(runtime, SocketType.Rep, SocketType.Req, workload, Latency.EchoAsync, Latency.RequestAsync).ConfigureAwait(false),
        };
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        return 0;
    }

    // BENCH_CURVE=1 runs the row under CURVE, with the key pairs of zmq_curve(7) that zbench.c uses too: the bound side
    // is the server, the connecting side the client.
    private static readonly bool Curve = Environment.GetEnvironmentVariable("BENCH_CURVE") == "1";

    private static SocketOptions? BoundOptions(SocketRuntime runtime, SocketType type) =>
        type == SocketType.Sub ? Multicast.Options(runtime, type)
        : Curve ? runtime.CreateOptions().UseCurveServer(CurveKeyPair.FromSecret("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6")) : null;

    private static SocketOptions? ConnectedOptions(SocketRuntime runtime, SocketType type) =>
        type == SocketType.Pub ? Multicast.Options(runtime, type)
        : Curve ? runtime.CreateOptions().UseCurveClient("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", CurveKeyPair.FromSecret("D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs")) : null;

    private static async Task<string> BoundAsync(SocketRuntime runtime, SocketType type, Workload workload, Func<SocketCalls, Workload, Task<string>> run)
    {
        var socket = runtime.CreateSocket(type, BoundOptions(runtime, type));
        await using (socket.ConfigureAwait(false))
        {
            if (type == SocketType.Sub)
            {
                socket.Subscribe(ReadOnlyMemory<byte>.Empty);
            }

            var bound = await socket.BindAsync(workload.Endpoint!).ConfigureAwait(false);
            if (type == SocketType.Sub)
            {
                await Multicast.JoinedAsync(bound).ConfigureAwait(false);
            }

            ReadyFile.Write(workload.ReadyFile!, bound);
            return await run(new SocketCalls(socket, blocking: false), workload).ConfigureAwait(false);
        }
    }

    private static async Task<string> ConnectedAsync(SocketRuntime runtime, SocketType type, string endpoint, Workload workload, Func<SocketCalls, Workload, Task<string>> run)
    {
        // Disposing waits with the default infinite linger until every message is on the wire, as zmq_close does.
        var socket = runtime.CreateSocket(type, ConnectedOptions(runtime, type));
        string line;
        await using (socket.ConfigureAwait(false))
        {
            await socket.ConnectAsync(endpoint).ConfigureAwait(false);
            line = await run(new SocketCalls(socket, blocking: false), workload).ConfigureAwait(false);
            if (type == SocketType.Pub)
            {
                await Multicast.ServeRepairsAsync().ConfigureAwait(false);
            }
        }

        // Closed with the default linger: every message is on the wire, and the CPU that took counts.
        return Throughput.SendCpuStart is { } cpu
            ? string.Create(CultureInfo.InvariantCulture, $"{line} cpu={(Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / workload.Count:F4}")
            : line;
    }

    private static async Task<string[]> InprocAsync(
        SocketRuntime runtime,
        SocketType boundType,
        SocketType connectedType,
        Workload workload,
        Func<SocketCalls, Workload, Task<string>> runBound,
        Func<SocketCalls, Workload, Task<string>> runConnected)
    {
        var bound = runtime.CreateSocket(boundType);
        await using (bound.ConfigureAwait(false))
        {
            await bound.BindAsync(InprocEndpoint).ConfigureAwait(false);
            var connected = runtime.CreateSocket(connectedType);
            await using (connected.ConfigureAwait(false))
            {
                await connected.ConnectAsync(InprocEndpoint).ConfigureAwait(false);
                // Two threads of one process, as libzmq's inproc row runs: blocking calls complete the loops on their own threads.
                var connectedSide = OnOwnThread(() => runConnected(new SocketCalls(connected, blocking: true), workload));
                var boundSide = OnOwnThread(() => runBound(new SocketCalls(bound, blocking: true), workload));
                return [await connectedSide.ConfigureAwait(false), await boundSide.ConfigureAwait(false)];
            }
        }
    }

    private static Task<string> OnOwnThread(Func<Task<string>> run)
    {
        var result = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                result.SetResult(run().GetAwaiter().GetResult());
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        })
        {
            IsBackground = true,
        };
        thread.Start();
        return result.Task;
    }
}
