using System.Diagnostics;

namespace RuntimeActors.Soak;

/// <summary>
/// One stream of numbered messages between a pair of socket types, run in phases: the sender sends at its rate until
/// the phase ends, stops, waits for every message it sent to arrive (the drain), and only then is a peer restarted
/// and the next phase begun. A restart so never finds a message in flight, and every message of an exactly-once kind
/// that did not arrive is lost for good reason.
/// </summary>
internal abstract class Workload : IDisposable
{
    private long _sent;
    private int _restarts;
    private readonly List<string> _problems = [];

    /// <summary>A workload of <paramref name="settings"/>, the <paramref name="index"/>-th of <paramref name="count"/> (their restarts are spread over the period).</summary>
    protected Workload(SoakSettings settings, SocketRuntime runtime, int index, int count)
    {
        Settings = settings;
        Runtime = runtime;
        FirstRestart = settings.RestartEvery * (index + 1) / (count + 1) + settings.RestartEvery / 2;
    }

    /// <summary>The socket types and transport, as printed.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Whether every message must arrive once and in order while both ends live (PUSH/PULL, REQ/REP, DEALER/ROUTER,
    /// PAIR): then a missing message is lost; otherwise (PUB/SUB, XPUB/XSUB) it is a drop the socket type allows.
    /// </summary>
    public abstract bool Guaranteed { get; }

    /// <summary>Messages sent.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>The receiver's view of the stream.</summary>
    public SequenceCheck Check { get; } = new();

    /// <summary>Peer restarts done.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Messages of an exactly-once kind that never arrived.</summary>
    public long Lost => Guaranteed ? Check.Missing(Sent) : 0;

    /// <summary>Messages of a kind that may drop which did not arrive.</summary>
    public long Dropped => Guaranteed ? 0 : Check.Missing(Sent);

    /// <summary>What else went wrong (a drain or a restart step that timed out, an unexpected error), for stderr.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>The share of the rate this workload sends at.</summary>
    protected virtual double RateShare => 1.0;

    /// <summary>The run's settings.</summary>
    protected SoakSettings Settings { get; }

    /// <summary>The runtime every .NET socket of the soak lives in.</summary>
    protected SocketRuntime Runtime { get; }

    private TimeSpan FirstRestart { get; }

    /// <summary>Runs phases until <paramref name="stop"/>; <paramref name="abort"/> ends any wait that outlived the run.</summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        await StartAsync(abort).ConfigureAwait(false);
        try
        {
            var period = FirstRestart;
            while (true)
            {
                using (var phase = CancellationTokenSource.CreateLinkedTokenSource(stop))
                {
                    phase.CancelAfter(period);
                    var pacer = new Pacer(Settings.Rate * RateShare);
                    await SendPhaseAsync(pacer, phase.Token, abort).ConfigureAwait(false);
                }

                await DrainAsync(abort).ConfigureAwait(false);
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                await RestartAsync(abort).ConfigureAwait(false);
                Interlocked.Increment(ref _restarts);
                period = Settings.RestartEvery;
            }
        }
        finally
        {
            await StopAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the cancellation sources a workload keeps; its sockets and peers are closed by <see cref="StopAsync"/>.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Creates the sockets and peers and starts receiving.</summary>
    protected abstract Task StartAsync(CancellationToken abort);

    /// <summary>Sends until <paramref name="phase"/> ends.</summary>
    private async Task SendPhaseAsync(Pacer pacer, CancellationToken phase, CancellationToken abort)
    {
        while (!phase.IsCancellationRequested)
        {
            try
            {
                await pacer.WaitTurnAsync(phase).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (phase.IsCancellationRequested)
            {
                break;
            }

            // A send cancelled while it waits for a peer with room has queued nothing (ZSocket.SendAsync), so the
            // number is reused by the next phase: a peer that is gone does not hold the phase past its end.
            try
            {
                await SendAsync(Payload.Create(Sent), phase, abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (phase.IsCancellationRequested && !abort.IsCancellationRequested)
            {
                break;
            }

            Interlocked.Increment(ref _sent);
        }
    }

    /// <summary>Sends one message of the stream; <paramref name="phase"/> may cancel only the wait for room to send.</summary>
    protected abstract ValueTask SendAsync(ZMessage message, CancellationToken phase, CancellationToken abort);

    /// <summary>Restarts the peer the workload restarts, with the stream drained.</summary>
    protected abstract Task RestartAsync(CancellationToken abort);

    /// <summary>Closes everything.</summary>
    protected abstract Task StopAsync();

    /// <summary>Notes a problem for stderr; any problem fails the run.</summary>
    protected void Report(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }

    /// <summary>
    /// Waits until every message sent has arrived. A kind that may drop waits only while messages keep arriving, as a
    /// dropped tail never comes.
    /// </summary>
    private async Task DrainAsync(CancellationToken abort)
    {
        var clock = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        var last = Check.Next;
        while (Check.Next < Sent)
        {
            if (clock.Elapsed > SoakSettings.DrainLimit || (!Guaranteed && clock.Elapsed - lastProgress > TimeSpan.FromSeconds(1)))
            {
                if (Guaranteed)
                {
                    Report($"drain: {Sent - Check.Next} messages had not arrived after {SoakSettings.DrainLimit.TotalSeconds} s");
                }

                return;
            }

            await Task.Delay(10, abort).ConfigureAwait(false);
            if (Check.Next != last)
            {
                last = Check.Next;
                lastProgress = clock.Elapsed;
            }
        }
    }

    /// <summary>Receives on <paramref name="socket"/> until <paramref name="cancellationToken"/>, checking each message (its number at frame <paramref name="first"/>).</summary>
    protected async Task ReceiveLoopAsync(ZSocket socket, int first, CancellationToken cancellationToken)
    {
        var message = new ZMessage();
        try
        {
            while (true)
            {
                await socket.ReceiveAsync(message, cancellationToken).ConfigureAwait(false);
                var (sequence, intact) = Payload.Read(message, first);
                Check.Accept(sequence, intact);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The loop's socket is being closed.
        }
    }

    /// <summary>Waits until <paramref name="socket"/> has no live connection, so that nothing is routed to a peer that is gone.</summary>
    protected async Task AwaitNoConnectionAsync(ZSocket socket, CancellationToken abort)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = await socket.GetStatusAsync(abort).ConfigureAwait(false);
            if (status.Peers.All(peer => peer.RemoteAddress is null))
            {
                return;
            }

            if (clock.Elapsed > SoakSettings.StepLimit)
            {
                Report($"restart: {socket.Type} still had a connection {SoakSettings.StepLimit.TotalSeconds} s after its peer stopped");
                return;
            }

            await Task.Delay(10, abort).ConfigureAwait(false);
        }
    }

    /// <summary>Options for every soak socket: a short linger, so that closing never waits on a peer that is gone.</summary>
    protected SocketOptions Options()
    {
        var options = Runtime.CreateOptions();
        options.Linger = TimeSpan.FromSeconds(1);
        return options;
    }
}
