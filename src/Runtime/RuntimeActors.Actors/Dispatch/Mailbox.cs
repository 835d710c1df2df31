using System.Collections.Concurrent;

namespace RuntimeActors.Actors;

/// <summary>
/// The queues of one actor and the work item that drains them on the thread pool. Producers enqueue and,
/// when the mailbox is idle, schedule it; the single consumer processes every system message first, then up
/// to <see cref="_throughput"/> user messages, and yields the thread so other actors get a turn.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Scheduled = 1;
    private const int Closed = 2;

    private readonly ConcurrentQueue<Envelope> _user = new();
    private readonly ConcurrentQueue<SystemMessage> _system = new();
    private readonly Lock _systemGate = new();
    private readonly int _throughput;
    private ActorCell _cell = null!;
    private int _status;
    private volatile int _systemCount;

    // Consumer-side only: messages put back in front of the queue by UnstashAll.
    private Queue<Envelope>? _prepended;

    // Consumer-side only: a suspended actor processes system messages but no user messages.
    private int _suspendCount;

    public Mailbox(int throughput) => _throughput = throughput;

    public bool IsClosed => (Volatile.Read(ref _status) & Closed) != 0;

    public bool IsSuspended => _suspendCount > 0;

    /// <summary>How many turns the mailbox has run; lets tests observe throughput batching.</summary>
    public long TurnCount { get; private set; }

    public void Attach(ActorCell cell) => _cell = cell;

    public void EnqueueUser(in Envelope envelope)
    {
        _user.Enqueue(envelope);
        if ((Volatile.Read(ref _status) & (Scheduled | Closed)) == 0)
        {
            TrySchedule();
        }
        else if (IsClosed)
        {
            // Raced with Close: the consumer is gone, so whoever sees the message left behind reports it.
            DrainQueueToDeadLetters();
        }
    }

    /// <summary>Queues <paramref name="message"/>, or returns false when the mailbox is closed.</summary>
    public bool TryEnqueueSystem(SystemMessage message)
    {
        // The gate orders enqueue against close, so that a Watch arriving at a dying actor is either
        // processed by it or answered by the dead reference, never lost in between.
        lock (_systemGate)
        {
            if (IsClosed)
            {
                return false;
            }

            _system.Enqueue(message);
            Interlocked.Increment(ref _systemCount);
        }

        TrySchedule();
        return true;
    }

    public void Suspend() => _suspendCount++;

    public void Resume()
    {
        if (_suspendCount > 0)
        {
            _suspendCount--;
        }
    }

    public void Prepend(IReadOnlyList<Envelope> envelopes)
    {
        var queue = new Queue<Envelope>(envelopes.Count + (_prepended?.Count ?? 0));
        foreach (var envelope in envelopes)
        {
            queue.Enqueue(envelope);
        }

        while (_prepended is { Count: > 0 })
        {
            queue.Enqueue(_prepended.Dequeue());
        }

        _prepended = queue;
    }

    /// <summary>Closes the mailbox and returns the system messages that were still queued.</summary>
    public List<SystemMessage> Close()
    {
        lock (_systemGate)
        {
            Interlocked.Or(ref _status, Closed);
        }

        var leftovers = new List<SystemMessage>();
        while (_system.TryDequeue(out var message))
        {
            leftovers.Add(message);
        }

        DrainPrependedToDeadLetters();
        DrainQueueToDeadLetters();
        return leftovers;
    }

    public void Execute()
    {
        TurnCount++;
        ActorCell.Current = _cell;
        try
        {
            ProcessSystemMessages();
            ProcessUserMessages();
        }
        finally
        {
            ActorCell.Current = null;
            Interlocked.And(ref _status, ~Scheduled);
            if (HasWork())
            {
                TrySchedule();
            }
        }
    }

    private bool HasWork() =>
        !IsClosed && (_systemCount > 0 || (_suspendCount == 0 && (!_user.IsEmpty || _prepended is { Count: > 0 })));

    private void TrySchedule()
    {
        if ((Interlocked.Or(ref _status, Scheduled) & (Scheduled | Closed)) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void ProcessSystemMessages()
    {
        while (_systemCount > 0 && !IsClosed && _system.TryDequeue(out var message))
        {
            Interlocked.Decrement(ref _systemCount);
            _cell.SystemInvoke(message);
        }
    }

    private void ProcessUserMessages()
    {
        var left = _throughput;
        while (left-- > 0 && _suspendCount == 0 && !IsClosed && TryDequeueUser(out var envelope))
        {
            _cell.Invoke(envelope);
            if (_systemCount > 0)
            {
                ProcessSystemMessages();
            }
        }
    }

    private bool TryDequeueUser(out Envelope envelope)
    {
        if (_prepended is { Count: > 0 })
        {
            envelope = _prepended.Dequeue();
            return true;
        }

        return _user.TryDequeue(out envelope);
    }

    private void DrainPrependedToDeadLetters()
    {
        while (_prepended is { Count: > 0 })
        {
            var envelope = _prepended.Dequeue();
            _cell.System.PublishDeadLetter(envelope.Message, envelope.Sender, _cell.Self);
        }
    }

    private void DrainQueueToDeadLetters()
    {
        while (_user.TryDequeue(out var envelope))
        {
            // A timer's message that was already on its way when the actor stopped died with the timer.
            if (envelope.Message is not TimerFired)
            {
                _cell.System.PublishDeadLetter(envelope.Message, envelope.Sender, _cell.Self);
            }
        }
    }

    void IThreadPoolWorkItem.Execute() => Execute();
}
