using System.Diagnostics;
using System.Threading.Channels;
using RuntimeActors.Actors;

namespace RuntimeActors.TestKit;

/// <summary>
/// Expectations on the messages that one test actor receives. Every wait has a timeout (dilated by
/// <see cref="TestKitSettings.TimeFactor"/>) and ends as soon as the awaited event happens: a test never sleeps.
/// Each expectation comes as an async method and, for brevity in simple tests, as a blocking one.
/// </summary>
public abstract class TestKitBase
{
    // Deadlines are Stopwatch timestamps: monotonic, unlike the wall clock, which can step.
    private readonly AsyncLocal<long?> _deadline = new();
    private readonly Channel<ReceivedMessage> _queue;
    private IActorRef? _testActor;

    /// <summary>Creates the expectations over a new queue.</summary>
    private protected TestKitBase() =>
        _queue = Channel.CreateUnbounded<ReceivedMessage>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The system under test.</summary>
    public abstract ActorSystem Sys { get; }

    /// <summary>The sender of the last message an expectation took.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.Nobody;

    /// <summary>The time left in the enclosing <c>Within</c> block, or the dilated default timeout outside one.</summary>
    public TimeSpan RemainingOrDefault => _deadline.Value is { } end
        ? Left(end)
        : TestKitSettings.Dilated(TestKitSettings.DefaultTimeout);

    /// <summary>The actor whose messages these expectations inspect.</summary>
    protected IActorRef TestActorRef => _testActor ?? throw new InvalidOperationException("The test actor is not started yet.");

    private protected ChannelWriter<ReceivedMessage> QueueWriter => _queue.Writer;

    /// <summary>Waits for the next message, which must be a <typeparamref name="T"/> satisfying <paramref name="predicate"/>.</summary>
    /// <exception cref="TestKitAssertionException">No message in time, or one of another type, or one the predicate rejects.</exception>
    public async ValueTask<T> ExpectMsgAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var received = await ReceiveOneAsync(timeout, $"a message of type {typeof(T).Name}", cancellationToken).ConfigureAwait(false);
        if (received.Message is not T typed)
        {
            throw new TestKitAssertionException($"Expected a message of type {typeof(T).Name} but received {Describe(received.Message)}.");
        }

        if (predicate is not null && !predicate(typed))
        {
            throw new TestKitAssertionException($"Received {Describe(typed)}, which does not satisfy the expectation.");
        }

        return typed;
    }

    /// <summary>Waits for the next message, which must equal <paramref name="expected"/>.</summary>
    public async ValueTask<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var received = await ReceiveOneAsync(timeout, $"the message {Describe(expected)}", cancellationToken).ConfigureAwait(false);
        if (received.Message is not T typed || !EqualityComparer<T>.Default.Equals(typed, expected))
        {
            throw new TestKitAssertionException($"Expected {Describe(expected)} but received {Describe(received.Message)}.");
        }

        return typed;
    }

    /// <summary>Blocking form of <see cref="ExpectMsgAsync{T}(Func{T, bool}?, TimeSpan?, CancellationToken)"/>.</summary>
    public T ExpectMsg<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null) =>
        ExpectMsgAsync(predicate, timeout).AsTask().GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="ExpectMsgAsync{T}(T, TimeSpan?, CancellationToken)"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) =>
        ExpectMsgAsync(expected, timeout).AsTask().GetAwaiter().GetResult();

    /// <summary>Asserts that no message arrives within <paramref name="duration"/> (default 200 ms, dilated).</summary>
    public async ValueTask ExpectNoMsgAsync(TimeSpan? duration = null, CancellationToken cancellationToken = default)
    {
        var wait = duration is { } given ? TestKitSettings.Dilated(given) : TestKitSettings.Dilated(TestKitSettings.DefaultNoMessageDuration);
        var received = await TryReceiveOneAsync(wait, cancellationToken).ConfigureAwait(false);
        if (received is not null)
        {
            throw new TestKitAssertionException($"Expected no message for {wait.TotalMilliseconds:0} ms but received {Describe(received.Message)}.");
        }
    }

    /// <summary>Blocking form of <see cref="ExpectNoMsgAsync"/>.</summary>
    public void ExpectNoMsg(TimeSpan? duration = null) => ExpectNoMsgAsync(duration).AsTask().GetAwaiter().GetResult();

    /// <summary>Makes the test actor watch <paramref name="subject"/>, so that <see cref="ExpectTerminatedAsync"/> can see it stop.</summary>
    public async ValueTask<IActorRef> WatchAsync(IActorRef subject)
    {
        await TestActorRef.Ask<TestActor.WatchCommand>(new TestActor.WatchCommand(subject), RemainingOrDefault).ConfigureAwait(false);
        return subject;
    }

    /// <summary>Blocking form of <see cref="WatchAsync"/>.</summary>
    public IActorRef Watch(IActorRef subject) => WatchAsync(subject).AsTask().GetAwaiter().GetResult();

    /// <summary>Makes the test actor stop watching <paramref name="subject"/>.</summary>
    public async ValueTask<IActorRef> UnwatchAsync(IActorRef subject)
    {
        await TestActorRef.Ask<TestActor.UnwatchCommand>(new TestActor.UnwatchCommand(subject), RemainingOrDefault).ConfigureAwait(false);
        return subject;
    }

    /// <summary>Waits for the <see cref="Terminated"/> of <paramref name="subject"/>, which the test actor must watch.</summary>
    public ValueTask<Terminated> ExpectTerminatedAsync(IActorRef subject, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ExpectMsgAsync<Terminated>(t => t.ActorRef.Equals(subject), timeout, cancellationToken);

    /// <summary>Blocking form of <see cref="ExpectTerminatedAsync"/>.</summary>
    public Terminated ExpectTerminated(IActorRef subject, TimeSpan? timeout = null) =>
        ExpectTerminatedAsync(subject, timeout).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Takes messages until one satisfies <paramref name="isTheMessage"/> and returns it; the messages before it are dropped.
    /// </summary>
    /// <exception cref="TestKitAssertionException">No such message within the timeout.</exception>
    public async ValueTask<object> FishForMessageAsync(Func<object, bool> isTheMessage, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isTheMessage);
        var end = Deadline(Effective(timeout));
        var skipped = new List<object>();
        while (true)
        {
            var left = Left(end);
            var received = await TryReceiveOneAsync(left, cancellationToken).ConfigureAwait(false)
                ?? throw new TestKitAssertionException($"Timeout ({Effective(timeout).TotalMilliseconds:0} ms) while fishing for a message; skipped: [{string.Join(", ", skipped.Select(Describe))}].");
            if (isTheMessage(received.Message))
            {
                return received.Message;
            }

            skipped.Add(received.Message);
        }
    }

    /// <summary>Takes messages until a <typeparamref name="T"/> satisfies <paramref name="isTheMessage"/> and returns it.</summary>
    public async ValueTask<T> FishForMessageAsync<T>(Func<T, bool>? isTheMessage = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (T)await FishForMessageAsync(m => m is T typed && (isTheMessage is null || isTheMessage(typed)), timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>Blocking form of <see cref="FishForMessageAsync(Func{object, bool}, TimeSpan?, CancellationToken)"/>.</summary>
    public object FishForMessage(Func<object, bool> isTheMessage, TimeSpan? timeout = null) =>
        FishForMessageAsync(isTheMessage, timeout).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Collects messages while <paramref name="filter"/> maps them to a value (non-null), until it returns null,
    /// <paramref name="max"/> passes, no message comes for <paramref name="idle"/>, or <paramref name="maxMessages"/> were taken.
    /// The message that stopped the collection is left unconsumed only when it timed out; one the filter refused is consumed.
    /// </summary>
    public async ValueTask<IReadOnlyList<T>> ReceiveWhileAsync<T>(Func<object, T?> filter, TimeSpan? max = null, TimeSpan? idle = null, int maxMessages = int.MaxValue, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(filter);
        var end = Deadline(Effective(max));
        var collected = new List<T>();
        while (collected.Count < maxMessages)
        {
            var left = Left(end);
            if (idle is { } quiet && quiet < left)
            {
                left = TestKitSettings.Dilated(quiet);
            }

            var received = await TryReceiveOneAsync(left, cancellationToken).ConfigureAwait(false);
            if (received is null || filter(received.Message) is not { } value)
            {
                break;
            }

            collected.Add(value);
        }

        return collected;
    }

    /// <summary>Waits for exactly <paramref name="count"/> messages and returns them in arrival order.</summary>
    public async ValueTask<IReadOnlyList<object>> ReceiveNAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var end = Deadline(Effective(timeout));
        var collected = new List<object>(count);
        while (collected.Count < count)
        {
            var left = Left(end);
            var received = await TryReceiveOneAsync(left, cancellationToken).ConfigureAwait(false)
                ?? throw new TestKitAssertionException($"Timeout ({Effective(timeout).TotalMilliseconds:0} ms) after {collected.Count} of {count} messages.");
            collected.Add(received.Message);
        }

        return collected;
    }

    /// <summary>
    /// Runs <paramref name="block"/> and asserts that it ends within <paramref name="max"/> (dilated); expectations
    /// inside it without a timeout wait only for the time left.
    /// </summary>
    public ValueTask WithinAsync(TimeSpan max, Func<Task> block) => WithinAsync(TimeSpan.Zero, max, block);

    /// <summary>Like <see cref="WithinAsync(TimeSpan, Func{Task})"/>, also asserting that the block takes at least <paramref name="min"/>.</summary>
    public async ValueTask WithinAsync(TimeSpan min, TimeSpan max, Func<Task> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var dilatedMax = TestKitSettings.Dilated(max);
        var start = Stopwatch.GetTimestamp();
        var outer = _deadline.Value;
        var end = Deadline(dilatedMax);
        _deadline.Value = outer is { } enclosing && enclosing < end ? enclosing : end;
        try
        {
            await block().ConfigureAwait(false);
        }
        finally
        {
            _deadline.Value = outer;
        }

        var took = Stopwatch.GetElapsedTime(start);
        if (took < min)
        {
            throw new TestKitAssertionException($"The block took {took.TotalMilliseconds:0} ms, less than the minimum of {min.TotalMilliseconds:0} ms.");
        }

        if (took > dilatedMax)
        {
            throw new TestKitAssertionException($"The block took {took.TotalMilliseconds:0} ms, more than the maximum of {dilatedMax.TotalMilliseconds:0} ms.");
        }
    }

    /// <summary>
    /// Retries <paramref name="assertion"/> every <paramref name="interval"/> (default 50 ms) until it passes, for
    /// state that no message announces; fails with the last assertion error after <paramref name="duration"/>.
    /// </summary>
    public async ValueTask AwaitAssertAsync(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var end = Deadline(Effective(duration));
        var pause = interval ?? TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception failure) when (Left(end) > TimeSpan.Zero && failure is not OperationCanceledException)
            {
                await Task.Delay(Min(pause, Left(end)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking every <paramref name="interval"/> (default 50 ms).</summary>
    /// <exception cref="TestKitAssertionException">It did not hold within <paramref name="max"/>; the message includes <paramref name="because"/>.</exception>
    public async ValueTask AwaitConditionAsync(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? because = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = Effective(max);
        var end = Deadline(limit);
        var pause = interval ?? TimeSpan.FromMilliseconds(50);
        while (!condition())
        {
            if (Left(end) == TimeSpan.Zero)
            {
                throw new TestKitAssertionException($"The condition did not hold within {limit.TotalMilliseconds:0} ms{(because is null ? "" : ": " + because)}.");
            }

            await Task.Delay(Min(pause, Left(end)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Blocking form of <see cref="AwaitConditionAsync"/>.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? because = null) =>
        AwaitConditionAsync(condition, max, interval, because).AsTask().GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="AwaitAssertAsync"/>.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null) =>
        AwaitAssertAsync(assertion, duration, interval).AsTask().GetAwaiter().GetResult();

    /// <summary>Replies to <see cref="LastSender"/> with the test actor as sender.</summary>
    public void Reply(object message) => LastSender.Tell(message, TestActorRef);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the test actor as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, TestActorRef);

    private protected void AttachTestActor(IActorRef testActor) => _testActor = testActor;

    private async ValueTask<ReceivedMessage> ReceiveOneAsync(TimeSpan? timeout, string awaited, CancellationToken cancellationToken)
    {
        var limit = Effective(timeout);
        return await TryReceiveOneAsync(limit, cancellationToken).ConfigureAwait(false)
            ?? throw new TestKitAssertionException($"Timeout ({limit.TotalMilliseconds:0} ms) while waiting for {awaited}.");
    }

    private async ValueTask<ReceivedMessage?> TryReceiveOneAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (_queue.Reader.TryRead(out var ready))
        {
            LastSender = ready.Sender;
            return ready;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                if (_queue.Reader.TryRead(out var received))
                {
                    LastSender = received.Sender;
                    return received;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The wait ran out: the caller reports the timeout with what it was waiting for.
        }

        return null;
    }

    private TimeSpan Effective(TimeSpan? timeout) => timeout is { } given ? TestKitSettings.Dilated(given) : RemainingOrDefault;

    private static string Describe(object? message) => message is null ? "null" : $"{message.GetType().Name} {{{message}}}";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static long Deadline(TimeSpan from) =>
        from == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(from.TotalSeconds * Stopwatch.Frequency);

    private static TimeSpan Left(long deadline)
    {
        var now = Stopwatch.GetTimestamp();
        return deadline <= now ? TimeSpan.Zero : deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : Stopwatch.GetElapsedTime(now, deadline);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
