using System.Globalization;
using Akka.Actor;

namespace RuntimeActors.Wire.Benchmarks;

/// <summary>
/// Owns a PUSH socket actor connected to the row's endpoint and tells it <see cref="Zmq.Send"/> with Akka.IO-style
/// flow control: every <see cref="AckEvery"/>th message (and the last) carries an ack, at most
/// <see cref="AcksInFlight"/> of them unanswered; a <see cref="Zmq.SendFailed"/> (the pipes at the high-water mark,
/// or no peer yet) stops the sending, asks <see cref="Zmq.ResumeWriting"/>, and the refused messages are told again
/// after <see cref="Zmq.WritingResumed"/>. Then closes the socket, which waits (infinite linger) until every message
/// is on the wire.
/// </summary>
/// <remarks>
/// Per message the sender allocates only the <see cref="Zmq.Send"/> it tells: the ack is one object, and the message
/// is one of two <see cref="ZMessage"/>s over the same payload, told again and again (the socket queues a copy of its
/// own, so the message is the sender's again at once). Two, so that a refused message says whether it carried an ack.
/// </remarks>
internal sealed class ActorSender : UntypedActor
{
    // 100 messages in flight at most. A refusal at the high-water mark refuses the rest of the window too (each a
    // SendFailed to tell again): with 4 x 100 in flight a third of 400,000 tells of the 64 B row were refused, with
    // 2 x 50 a tenth, and the row was no slower (2026-12-05, loaded machine).
    private const int AckEvery = 50;
    private const int AcksInFlight = 2;
    private static readonly object BatchQueued = new();

    private readonly SocketRuntime _runtime;
    private readonly Workload _workload;
    private readonly TaskCompletionSource<string> _done;
    private readonly ZMessage _plain;
    private readonly ZMessage _acked;
    private readonly long _total;
    private IActorRef _push = ActorRefs.Nobody;
    private long _toTell;
    private int _sinceAck;
    private int _acksOutstanding;
    private bool _suspended;
    private bool _measuring;
    private long _allocated;
    private long _refused;
    private string? _line;

    public ActorSender(SocketRuntime runtime, Workload workload, TaskCompletionSource<string> done)
    {
        _runtime = runtime;
        _workload = workload;
        _done = done;
        var payload = new byte[workload.Size];
        Array.Fill(payload, (byte)'x');
        _plain = ZMessage.FromFrames(payload);
        _acked = ZMessage.FromFrames(payload);
        _total = workload.Warm + workload.Count;
        _toTell = _total;
    }

    protected override void PreStart()
    {
        _push = Context.ActorOf(_runtime.SocketProps(SocketType.Push), "push");
        _push.Tell(new Zmq.Connect(_workload.Endpoint!));
    }

    protected override void PreRestart(Exception reason, object message) => _done.TrySetException(reason);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case var queued when ReferenceEquals(queued, BatchQueued):
                _acksOutstanding--;
                SendOrFinish();
                break;
            case Zmq.SendFailed failed:
                OnSendFailed(failed);
                break;
            case Zmq.WritingResumed:
                _suspended = false;
                SendOrFinish();
                break;
            case Zmq.Connecting:
                // Sends before the connection is up are refused (PUSH with no peer): ResumeWriting waits for it.
                SendOrFinish();
                break;
            case Zmq.Closed:
                _done.TrySetResult(_line!);
                break;
            case Status.Failure failure:
                _done.TrySetException(failure.Cause);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnSendFailed(Zmq.SendFailed failed)
    {
        if (failed.Error != ZmqError.WouldBlock)
        {
            throw new InvalidOperationException($"the socket refused a send: {failed.Error} ({failed.Reason})");
        }

        _refused++;
        _toTell++;
        if (ReferenceEquals(failed.Message, _acked))
        {
            _acksOutstanding--;
        }

        if (!_suspended)
        {
            _suspended = true;
            _push.Tell(Zmq.ResumeWriting.Instance);
        }
    }

    private void SendOrFinish()
    {
        // The last message told always carries an ack and its answer comes after every other: with nothing left to
        // tell and no ack outstanding, every message is queued.
        if (_toTell == 0 && _acksOutstanding == 0 && !_suspended)
        {
            if (_line is null)
            {
                var perMessage = Allocation.PerMessage(_allocated, Allocation.Now(), _workload.Count);
                _line = string.Create(CultureInfo.InvariantCulture, $"send msgs={_workload.Count} alloc={perMessage:F2} refused={_refused}");
                _push.Tell(Zmq.Close.Instance);
            }

            return;
        }

        while (!_suspended && _toTell > 0 && _acksOutstanding < AcksInFlight)
        {
            if (!_measuring && _total - _toTell == _workload.Warm)
            {
                // The warm-up told (refusals may still come back for its last window: the boundary is that fuzzy).
                _measuring = true;
                _allocated = Allocation.Now();
            }

            _toTell--;
            if (++_sinceAck == AckEvery || _toTell == 0)
            {
                _sinceAck = 0;
                _acksOutstanding++;
                _push.Tell(new Zmq.Send(_acked, BatchQueued));
            }
            else
            {
                _push.Tell(new Zmq.Send(_plain));
            }
        }
    }
}
