using RuntimeActors.Pipes;

namespace RuntimeActors.Tests.Pipes;

/// <summary>The gate of a socket's send path and of a reader's turn at its inbound queue.</summary>
public sealed class SpinGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Threads_entering_at_once_are_let_in_one_at_a_time_and_lose_no_update()
    {
        const int Threads = 3;
        const int Rounds = 200_000;
        var gate = new SpinGate();
        long count = 0;
        var inside = 0;
        var overlaps = 0;
        using var start = new Barrier(Threads);

        var workers = Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < Rounds; i++)
                {
                    using (gate.Enter())
                    {
                        if (Interlocked.Increment(ref inside) != 1)
                        {
                            Interlocked.Increment(ref overlaps);
                        }

                        // A plain read-modify-write: two threads inside at once would lose increments.
                        count++;
                        Interlocked.Decrement(ref inside);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers).WaitAsync(Patience);

        Assert.Equal(0, overlaps);
        Assert.Equal((long)Threads * Rounds, count);
        Assert.False(gate.IsHeld);
    }

    [Fact]
    public void A_thread_that_finds_the_gate_held_enters_once_the_holder_leaves()
    {
        var gate = new SpinGate();
        var holding = gate.Enter();
        using var waiting = new ManualResetEventSlim();
        using var entered = new ManualResetEventSlim();
        var contender = new Thread(() =>
        {
            waiting.Set();
            using (gate.Enter())
            {
                entered.Set();
            }
        });
        contender.Start();
        Assert.True(waiting.Wait(Patience));
        Assert.False(entered.IsSet);

        holding.Dispose();

        Assert.True(entered.Wait(Patience));
        Assert.True(contender.Join(Patience));
        Assert.False(gate.IsHeld);
    }

    [Fact]
    public void A_section_left_by_an_exception_leaves_the_gate_open()
    {
        var gate = new SpinGate();

        Assert.Throws<InvalidOperationException>(ThrowInside);

        Assert.False(gate.IsHeld);
        using (gate.Enter())
        {
            Assert.True(gate.IsHeld);
        }

        void ThrowInside()
        {
            using (gate.Enter())
            {
                throw new InvalidOperationException("thrown inside the gate");
            }
        }
    }

#if DEBUG
    [Fact]
    public void A_thread_entering_a_gate_it_holds_fails_instead_of_spinning_for_ever()
    {
        var gate = new SpinGate();
        using (gate.Enter())
        {
            var error = Assert.Throws<InvalidOperationException>(() => gate.Enter());
            Assert.Contains("not reentrant", error.Message, StringComparison.Ordinal);
        }

        Assert.False(gate.IsHeld);
    }
#endif
}
