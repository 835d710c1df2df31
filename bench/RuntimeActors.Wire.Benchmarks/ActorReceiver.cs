using System.Diagnostics;
using System.Globalization;
using Akka.Actor;

namespace RuntimeActors.Wire.Benchmarks;

/// <summary>
/// Owns a PULL socket actor bound to the row's endpoint and receives its messages as <see cref="Zmq.Received"/>,
/// acknowledging them in batches of a tenth of <see cref="SocketOptions.ReceiveWindow"/> with one reused
/// <see cref="Zmq.ReceiveAck"/>. Times from the first measured message to the last, as <see cref="Throughput.ReceiveAsync"/>.
/// </summary>
internal sealed class ActorReceiver : UntypedActor
{
    private readonly SocketRuntime _runtime;
    private readonly Workload _workload;
    private readonly TaskCompletionSource<string> _done;
    private readonly long _total;
    private IActorRef _pull = ActorRefs.Nobody;
    private Zmq.ReceiveAck _batchAck = Zmq.ReceiveAck.One;
    private int _batch = 1;
    private int _unacknowledged;
    private long _received;
    private long _allocated;
    private long _start;
    private DateTime _firstAt;

    public ActorReceiver(SocketRuntime runtime, Workload workload, TaskCompletionSource<string> done)
    {
        _runtime = runtime;
        _workload = workload;
        _done = done;
        _total = workload.Warm + workload.Count;
    }

    protected override void PreStart()
    {
        var options = _runtime.CreateOptions();
        // Well inside the window, so that the socket never waits for an ack while the receiver holds a partial batch.
        _batch = Math.Max(1, options.ReceiveWindow / 10);
        _batchAck = new Zmq.ReceiveAck(_batch);
        _pull = Context.ActorOf(_runtime.SocketProps(SocketType.Pull, options, receiver: Self), "pull");
        _pull.Tell(new Zmq.Bind(_workload.Endpoint!));
    }

    protected override void PreRestart(Exception reason, object message) => _done.TrySetException(reason);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Zmq.Received received:
                OnReceived(received.Message);
                break;
            case Zmq.Bound bound:
                ReadyFile.Write(_workload.ReadyFile!, bound.Endpoint);
                break;
            case Status.Failure failure:
                _done.TrySetException(failure.Cause);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnReceived(ZMessage message)
    {
        if (message.Count != 1 || message[0].Length != _workload.Size)
        {
            throw new InvalidOperationException($"got {message.Count} frames of {message.Size} bytes, expected 1 of {_workload.Size}");
        }

        _received++;
        if (_received == 1)
        {
            _firstAt = DateTime.UtcNow;
        }

        if (_received == _workload.Warm + 1)
        {
            // First to last message of the measured part, as the other thr rows.
            _allocated = Allocation.Now();
            _start = Stopwatch.GetTimestamp();
        }
        else if (_received == _total)
        {
            var elapsed = Stopwatch.GetElapsedTime(_start);
            var perMessage = Allocation.PerMessage(_allocated, Allocation.Now(), _workload.Count - 1);
            _done.TrySetResult(string.Create(
                CultureInfo.InvariantCulture,
                $"thr msgs={_workload.Count - 1} size={_workload.Size} seconds={elapsed.TotalSeconds:F9} alloc={perMessage:F2} first_at={WallClock.UnixSeconds(_firstAt)}"));
            return;
        }

        if (++_unacknowledged == _batch)
        {
            _unacknowledged = 0;
            _pull.Tell(_batchAck);
        }
    }
}
