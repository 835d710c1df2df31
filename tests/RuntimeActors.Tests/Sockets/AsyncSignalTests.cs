using System.Diagnostics.CodeAnalysis;
using RuntimeActors.Sockets;

namespace RuntimeActors.Tests.Sockets;

/// <summary>The "something changed" pulse blocked senders wait on: no pulse lost between check and wait, no allocation per wait.</summary>
public sealed class AsyncSignalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Regression: a wait that began as the pulse came was lost when the waiter's store of "waiting" sat in the store buffer
    /// behind its read of the version (a volatile write, not a fence): the pulser found the wait still starting and woke
    /// nobody, and the waiter had read the old version. A pulser and a waiter race here many times; each wait must end.
    /// </summary>
    [Fact]
    public async Task A_wait_racing_a_pulse_from_another_thread_is_never_lost()
    {
        const int Rounds = 20_000;
        var signal = new AsyncSignal();
        var produced = 0;
        var taken = 0;
        var start = new Barrier(2);
        var pulser = Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < Rounds; i++)
                {
                    // One item at a time, as a pipe getting room: the next comes once the waiter took this one.
                    while (Volatile.Read(ref taken) != i)
                    {
                        Thread.SpinWait(1);
                    }

                    Interlocked.Increment(ref produced);
                    signal.Pulse();
                }
            },
            TaskCreationOptions.LongRunning);

        start.SignalAndWait();
        for (var consumed = 0; consumed < Rounds; consumed++)
        {
            while (true)
            {
                var seen = signal.Version;
                if (Volatile.Read(ref produced) > consumed)
                {
                    Volatile.Write(ref taken, consumed + 1);
                    break;
                }

                try
                {
                    await signal.WaitAsync(seen, CancellationToken.None).AsTask().WaitAsync(Timeout);
                }
                catch (TimeoutException)
                {
                    Assert.Fail($"round {consumed}: a pulse came ({Volatile.Read(ref produced)} produced) and the wait did not end");
                }
            }
        }

        await pulser.WaitAsync(Timeout);
    }

    [Fact]
    public void A_wait_after_a_pulse_since_the_version_was_read_completes_at_once()
    {
        var signal = new AsyncSignal();
        var seen = signal.Version;

        signal.Pulse();

        Assert.True(signal.WaitAsync(seen, CancellationToken.None).AsTask().IsCompleted);
    }

    [Fact]
    public async Task A_pending_wait_completes_at_the_next_pulse()
    {
        var signal = new AsyncSignal();
        var waiting = signal.WaitAsync(signal.Version, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        signal.Pulse();

        await waiting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task One_pulse_wakes_every_sender_waiting()
    {
        var signal = new AsyncSignal();
        var seen = signal.Version;
        var waits = Enumerable.Range(0, 3).Select(_ => signal.WaitAsync(seen, CancellationToken.None).AsTask()).ToArray();
        Assert.DoesNotContain(waits, wait => wait.IsCompleted);

        signal.Pulse();

        await Task.WhenAll(waits).WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_cancelled_wait_fails_with_its_token_and_the_next_wait_works()
    {
        var signal = new AsyncSignal();
        using var cancellation = new CancellationTokenSource();
        var waiting = signal.WaitAsync(signal.Version, cancellation.Token).AsTask();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Timeout));
        var next = signal.WaitAsync(signal.Version, CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        signal.Pulse();
        await next.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_waiter_that_checks_after_reading_the_version_never_misses_a_pulse_from_another_thread()
    {
        const int Pulses = 20_000;
        var signal = new AsyncSignal();
        var changes = 0;
        var pulsing = Task.Run(() =>
        {
            for (var i = 0; i < Pulses; i++)
            {
                Interlocked.Increment(ref changes);
                signal.Pulse();
            }
        });

        // The waiter's condition: it has seen every change. A lost pulse leaves it waiting for ever.
        var waiting = Task.Run(async () =>
        {
            while (true)
            {
                var seen = signal.Version;
                if (Volatile.Read(ref changes) == Pulses)
                {
                    return;
                }

                await signal.WaitAsync(seen, CancellationToken.None);
            }
        });

        await Task.WhenAll(pulsing, waiting).WaitAsync(Timeout);
    }

    [Fact]
    public void A_wait_and_its_pulse_allocate_nothing_once_warm()
    {
        var signal = new AsyncSignal();
        using var cancellation = new CancellationTokenSource();
        Cycle(signal, cancellation.Token);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Cycle(signal, cancellation.Token);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        [SuppressMessage("Reliability", "CA2012", Justification = "Consumed once, synchronously: an await would put the async machinery's own allocations in the figure.")]
        static void Cycle(AsyncSignal signal, CancellationToken token)
        {
            var awaiter = signal.WaitAsync(signal.Version, token).GetAwaiter();
            if (awaiter.IsCompleted)
            {
                throw new InvalidOperationException("the wait completed before the pulse");
            }

            signal.Pulse();
            if (!awaiter.IsCompleted)
            {
                throw new InvalidOperationException("the pulse did not complete the wait");
            }

            awaiter.GetResult();
        }
    }
}
