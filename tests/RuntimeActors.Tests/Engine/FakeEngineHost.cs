using System.Threading.Channels;
using RuntimeActors.Engine;
using RuntimeActors.Pipes;
using ZPipe = RuntimeActors.Pipes.Pipe;

namespace RuntimeActors.Tests.Engine;

/// <summary>Records what an engine delivers; tests await deliveries through channels. Deliveries can be held to test backpressure.</summary>
internal sealed class FakeEngineHost : IEngineHost
{
    private readonly Channel<ZMessage> _deliveries = Channel.CreateUnbounded<ZMessage>();
    private readonly Channel<(bool Subscribe, byte[] Topic)> _subscriptions = Channel.CreateUnbounded<(bool, byte[])>();
    private readonly Channel<ZMessage> _deliveriesStarted = Channel.CreateUnbounded<ZMessage>();
    private TaskCompletionSource? _gate;
    private int _inFlight;

    /// <summary>DeliverAsync calls that have started and not yet finished.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Every pipe a delivery or subscription came with.</summary>
    public List<ZPipe> Pipes { get; } = [];

    /// <summary>From now on DeliverAsync waits until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate?.TrySetResult();

    public async ValueTask DeliverAsync(ZPipe pipe, IReadOnlyList<ZMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await DeliverAsync(pipe, message, cancellationToken);
        }
    }

    /// <summary>A lane only to name the pipe: deliveries through it are recorded like the others.</summary>
    public InboundLane OpenLane(ZPipe pipe) => new(pipe, 0);

    public ValueTask DeliverAsync(InboundLane lane, IReadOnlyList<ZMessage> messages, CancellationToken cancellationToken) =>
        DeliverAsync(lane.Pipe, messages, cancellationToken);

    /// <summary>Takes the message unless deliveries are held (as a full inbound queue refuses it).</summary>
    public bool TryDeliver(InboundLane lane, ZMessage message)
    {
        var pipe = lane.Pipe;
        if (_gate is { Task.IsCompleted: false })
        {
            return false;
        }

        lock (Pipes)
        {
            Pipes.Add(pipe);
        }

        _deliveriesStarted.Writer.TryWrite(message);
        _deliveries.Writer.TryWrite(message);
        return true;
    }

    private async ValueTask DeliverAsync(ZPipe pipe, ZMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            lock (Pipes)
            {
                Pipes.Add(pipe);
            }

            _deliveriesStarted.Writer.TryWrite(message);
            if (_gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            _deliveries.Writer.TryWrite(message);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public ValueTask OnSubscriptionAsync(ZPipe pipe, bool subscribe, ReadOnlyMemory<byte> topic, CancellationToken cancellationToken)
    {
        lock (Pipes)
        {
            Pipes.Add(pipe);
        }

        _subscriptions.Writer.TryWrite((subscribe, topic.ToArray()));
        return ValueTask.CompletedTask;
    }

    public Task<ZMessage> NextDeliveryAsync() => _deliveries.Reader.ReadAsync().AsTask().WaitAsync(EngineTestKit.Timeout);

    public Task<ZMessage> NextDeliveryStartedAsync() => _deliveriesStarted.Reader.ReadAsync().AsTask().WaitAsync(EngineTestKit.Timeout);

    public Task<(bool Subscribe, byte[] Topic)> NextSubscriptionAsync() => _subscriptions.Reader.ReadAsync().AsTask().WaitAsync(EngineTestKit.Timeout);

    public bool HasDelivery => _deliveries.Reader.TryPeek(out _);

    public bool HasSubscription => _subscriptions.Reader.TryPeek(out _);
}
