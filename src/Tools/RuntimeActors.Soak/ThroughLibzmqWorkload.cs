namespace RuntimeActors.Soak;

/// <summary>
/// A .NET sender and a .NET receiver, both bound over tcp, with a pyzmq process connected to both between them, so that
/// every message goes out to libzmq and comes back: PUSH to PULL through a forwarder (PULL in, PUSH out), or PUB to SUB
/// through a proxy (XSUB connected to the PUB, XPUB to the SUB, which carries the SUB's subscription up). The pyzmq
/// process is the peer restarted. PUB drops what no subscriber takes, so there what is missing counts as dropped, not lost.
/// </summary>
internal sealed class ThroughLibzmqWorkload : Workload
{
    private readonly SocketType _senderType;
    private readonly SocketType _receiverType;
    private readonly string _peerMode;
    private readonly CancellationTokenSource _receiving = new();
    private ZSocket? _sender;
    private ZSocket? _receiver;
    private string _senderEndpoint = "";
    private string _receiverEndpoint = "";
    private PeerProcess? _peer;
    private Task _receiveLoop = Task.CompletedTask;

    private ThroughLibzmqWorkload(SoakSettings settings, SocketRuntime runtime, int index, int count, SocketType sender, SocketType receiver, string peerMode, string name)
        : base(settings, runtime, index, count)
    {
        _senderType = sender;
        _receiverType = receiver;
        _peerMode = peerMode;
        Name = name;
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override bool Guaranteed => _senderType != SocketType.Pub;

    /// <summary>PUSH to PULL through a pyzmq forwarder: exactly once, in order.</summary>
    public static ThroughLibzmqWorkload PushPull(SoakSettings settings, SocketRuntime runtime, int index, int count) =>
        new(settings, runtime, index, count, SocketType.Push, SocketType.Pull, "forward", "PUSH/PULL tcp via pyzmq");

    /// <summary>PUB to SUB through a pyzmq XSUB/XPUB proxy: drops allowed.</summary>
    public static ThroughLibzmqWorkload PubSub(SoakSettings settings, SocketRuntime runtime, int index, int count) =>
        new(settings, runtime, index, count, SocketType.Pub, SocketType.Sub, "proxy", "PUB/SUB tcp via pyzmq XSUB/XPUB");

    /// <inheritdoc/>
    protected override async Task StartAsync(CancellationToken abort)
    {
        _sender = Runtime.CreateSocket(_senderType, Options());
        _receiver = Runtime.CreateSocket(_receiverType, Options());
        _senderEndpoint = await _sender.BindAsync("tcp://127.0.0.1:*", abort).ConfigureAwait(false);
        _receiverEndpoint = await _receiver.BindAsync("tcp://127.0.0.1:*", abort).ConfigureAwait(false);
        if (_receiverType == SocketType.Sub)
        {
            _receiver.Subscribe(ReadOnlyMemory<byte>.Empty);
        }

        _receiveLoop = ReceiveLoopAsync(_receiver, 0, _receiving.Token);
        _peer = await StartPeerAsync(abort).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override ValueTask SendAsync(ZMessage message, CancellationToken phase, CancellationToken abort) => _sender!.SendAsync(message, phase);

    /// <inheritdoc/>
    protected override async Task RestartAsync(CancellationToken abort)
    {
        await _peer!.DisposeAsync().ConfigureAwait(false);
        _peer = null;
        await AwaitNoConnectionAsync(_sender!, abort).ConfigureAwait(false);
        await AwaitNoConnectionAsync(_receiver!, abort).ConfigureAwait(false);
        _peer = await StartPeerAsync(abort).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _receiving.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override async Task StopAsync()
    {
        await _receiving.CancelAsync().ConfigureAwait(false);
        await _receiveLoop.ConfigureAwait(false);
        if (_peer is not null)
        {
            await _peer.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var socket in new[] { _sender, _receiver })
        {
            if (socket is not null)
            {
                await socket.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private Task<PeerProcess> StartPeerAsync(CancellationToken abort) =>
        PeerProcess.StartAsync(Settings, _peerMode, Report, abort, _senderEndpoint, _receiverEndpoint);
}
