namespace RuntimeActors.Soak;

/// <summary>
/// PAIR to PAIR over inproc, both .NET: one end sends, the other echoes back. PAIR does not reconnect, so the restart
/// closes both ends and makes them again on the same inproc name.
/// </summary>
internal sealed class PairWorkload(SoakSettings settings, SocketRuntime runtime, int index, int count) : Workload(settings, runtime, index, count)
{
    private const string Endpoint = "inproc://ractors-soak-pair";
    private ZSocket? _sender;
    private ZSocket? _echo;
    private CancellationTokenSource? _running;
    private Task _echoing = Task.CompletedTask;
    private Task _receiver = Task.CompletedTask;

    /// <inheritdoc/>
    public override string Name => "PAIR inproc";

    /// <inheritdoc/>
    public override bool Guaranteed => true;

    /// <inheritdoc/>
    protected override async Task StartAsync(CancellationToken abort)
    {
        _sender = Runtime.CreateSocket(SocketType.Pair, Options());
        _echo = Runtime.CreateSocket(SocketType.Pair, Options());
        await _sender.BindAsync(Endpoint, abort).ConfigureAwait(false);
        await _echo.ConnectAsync(Endpoint, abort).ConfigureAwait(false);
        _running = new CancellationTokenSource();
        _echoing = EchoAsync(_echo, _running.Token);
        _receiver = ReceiveLoopAsync(_sender, 0, _running.Token);
    }

    /// <inheritdoc/>
    protected override ValueTask SendAsync(ZMessage message, CancellationToken phase, CancellationToken abort) => _sender!.SendAsync(message, phase);

    /// <inheritdoc/>
    protected override async Task RestartAsync(CancellationToken abort)
    {
        await StopAsync().ConfigureAwait(false);
        await StartAsync(abort).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _running?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override async Task StopAsync()
    {
        if (_running is not null)
        {
            await _running.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_echoing, _receiver).ConfigureAwait(false);
            _running.Dispose();
            _running = null;
        }

        foreach (var socket in new[] { _echo, _sender })
        {
            if (socket is not null)
            {
                await socket.DisposeAsync().ConfigureAwait(false);
            }
        }

        _echo = _sender = null;
    }

    private static async Task EchoAsync(ZSocket socket, CancellationToken cancellationToken)
    {
        var message = new ZMessage();
        try
        {
            while (true)
            {
                await socket.ReceiveAsync(message, cancellationToken).ConfigureAwait(false);
                await socket.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The pair is being closed.
        }
    }
}
