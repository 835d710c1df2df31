namespace RuntimeActors.Soak;

/// <summary>
/// DEALER to ROUTER over ipc, both .NET: the ROUTER echoes each message to the DEALER it came from (by its routing
/// id). The DEALER is the peer restarted: closed and made again, so the ROUTER sees a new peer with a new routing id.
/// </summary>
internal sealed class DealerRouterWorkload(SoakSettings settings, SocketRuntime runtime, int index, int count) : Workload(settings, runtime, index, count)
{
    private readonly string _endpoint = $"ipc:///tmp/ractors-soak-{Environment.ProcessId}-router";
    private readonly CancellationTokenSource _echoing = new();
    private ZSocket? _router;
    private ZSocket? _dealer;
    private Task _echo = Task.CompletedTask;
    private CancellationTokenSource? _receiving;
    private Task _receiver = Task.CompletedTask;

    /// <inheritdoc/>
    public override string Name => "DEALER/ROUTER ipc";

    /// <inheritdoc/>
    public override bool Guaranteed => true;

    /// <inheritdoc/>
    protected override async Task StartAsync(CancellationToken abort)
    {
        var options = Options();
        // A ROUTER drops what it cannot route unless told to report it; the echo must never drop silently.
        options.RouterMandatory = true;
        _router = Runtime.CreateSocket(SocketType.Router, options);
        await _router.BindAsync(_endpoint, abort).ConfigureAwait(false);
        _echo = EchoAsync(_router, _echoing.Token);
        await StartDealerAsync(abort).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override ValueTask SendAsync(ZMessage message, CancellationToken phase, CancellationToken abort) => _dealer!.SendAsync(message, phase);

    /// <inheritdoc/>
    protected override async Task RestartAsync(CancellationToken abort)
    {
        await StopDealerAsync().ConfigureAwait(false);
        await StartDealerAsync(abort).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _echoing.Dispose();
            _receiving?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override async Task StopAsync()
    {
        await StopDealerAsync().ConfigureAwait(false);
        await _echoing.CancelAsync().ConfigureAwait(false);
        await _echo.ConfigureAwait(false);
        if (_router is not null)
        {
            await _router.DisposeAsync().ConfigureAwait(false);
        }

    }

    private async Task StartDealerAsync(CancellationToken abort)
    {
        _dealer = Runtime.CreateSocket(SocketType.Dealer, Options());
        await _dealer.ConnectAsync(_endpoint, abort).ConfigureAwait(false);
        _receiving = new CancellationTokenSource();
        _receiver = ReceiveLoopAsync(_dealer, 0, _receiving.Token);
    }

    private async Task StopDealerAsync()
    {
        if (_receiving is not null)
        {
            await _receiving.CancelAsync().ConfigureAwait(false);
            await _receiver.ConfigureAwait(false);
            _receiving.Dispose();
            _receiving = null;
        }

        if (_dealer is not null)
        {
            await _dealer.DisposeAsync().ConfigureAwait(false);
            _dealer = null;
        }
    }

    private async Task EchoAsync(ZSocket router, CancellationToken cancellationToken)
    {
        var message = new ZMessage();
        try
        {
            while (true)
            {
                await router.ReceiveAsync(message, cancellationToken).ConfigureAwait(false);
                await router.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The ROUTER is being closed.
        }
        catch (ZmqException e)
        {
            Report($"ROUTER echo: {e.Message}");
        }
    }
}
