using System.Diagnostics;

namespace RuntimeActors.Soak;

/// <summary>
/// XPUB to XSUB over inproc, both .NET: the XSUB subscribes by sending the subscription message, the XPUB reads it
/// (and the unsubscription when an XSUB goes) and publishes. The XSUB is the peer restarted: closed and made again,
/// and the XPUB publishes again only once the new subscription has reached it. Drops count as dropped, not lost.
/// </summary>
internal sealed class XPubXSubWorkload(SoakSettings settings, SocketRuntime runtime, int index, int count) : Workload(settings, runtime, index, count)
{
    private const string Endpoint = "inproc://ractors-soak-xpub";
    private readonly CancellationTokenSource _reading = new();
    private ZSocket? _xpub;
    private ZSocket? _xsub;
    private Task _subscriptions = Task.CompletedTask;
    private CancellationTokenSource? _receiving;
    private Task _receiver = Task.CompletedTask;
    private int _subscribed;
    private int _subscribers;

    /// <inheritdoc/>
    public override string Name => "XPUB/XSUB inproc";

    /// <inheritdoc/>
    public override bool Guaranteed => false;

    /// <inheritdoc/>
    protected override async Task StartAsync(CancellationToken abort)
    {
        _xpub = Runtime.CreateSocket(SocketType.XPub, Options());
        await _xpub.BindAsync(Endpoint, abort).ConfigureAwait(false);
        _subscriptions = ReadSubscriptionsAsync(_xpub, _reading.Token);
        await StartSubscriberAsync(abort).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override ValueTask SendAsync(ZMessage message, CancellationToken phase, CancellationToken abort) => _xpub!.SendAsync(message, phase);

    /// <inheritdoc/>
    protected override async Task RestartAsync(CancellationToken abort)
    {
        await StopSubscriberAsync().ConfigureAwait(false);
        await StartSubscriberAsync(abort).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reading.Dispose();
            _receiving?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override async Task StopAsync()
    {
        await StopSubscriberAsync().ConfigureAwait(false);
        await _reading.CancelAsync().ConfigureAwait(false);
        await _subscriptions.ConfigureAwait(false);
        if (_xpub is not null)
        {
            await _xpub.DisposeAsync().ConfigureAwait(false);
        }

    }

    private async Task StartSubscriberAsync(CancellationToken abort)
    {
        _xsub = Runtime.CreateSocket(SocketType.XSub, Options());
        await _xsub.ConnectAsync(Endpoint, abort).ConfigureAwait(false);
        await _xsub.SendAsync(ZMessage.FromFrames([0x01]), abort).ConfigureAwait(false);
        _receiving = new CancellationTokenSource();
        _receiver = ReceiveLoopAsync(_xsub, 0, _receiving.Token);
        _subscribers++;

        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref _subscribed) < _subscribers)
        {
            if (clock.Elapsed > SoakSettings.StepLimit)
            {
                Report($"restart: the XPUB did not see subscription {_subscribers} within {SoakSettings.StepLimit.TotalSeconds} s");
                return;
            }

            await Task.Delay(5, abort).ConfigureAwait(false);
        }
    }

    private async Task StopSubscriberAsync()
    {
        if (_receiving is not null)
        {
            await _receiving.CancelAsync().ConfigureAwait(false);
            await _receiver.ConfigureAwait(false);
            _receiving.Dispose();
            _receiving = null;
        }

        if (_xsub is not null)
        {
            await _xsub.DisposeAsync().ConfigureAwait(false);
            _xsub = null;
        }
    }

    private async Task ReadSubscriptionsAsync(ZSocket xpub, CancellationToken cancellationToken)
    {
        var message = new ZMessage();
        try
        {
            while (true)
            {
                await xpub.ReceiveAsync(message, cancellationToken).ConfigureAwait(false);
                if (message.Count == 1 && message[0].Length == 1 && message[0].Span[0] == 0x01)
                {
                    Interlocked.Increment(ref _subscribed);
                }
                else if (!(message.Count == 1 && message[0].Length == 1 && message[0].Span[0] == 0x00))
                {
                    Report($"XPUB: an unexpected message of {message.Count} frames");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The XPUB is being closed.
        }
    }
}
