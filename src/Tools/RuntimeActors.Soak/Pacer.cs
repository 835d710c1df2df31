using System.Diagnostics;

namespace RuntimeActors.Soak;

/// <summary>Holds a sender to a rate: the n-th message of a phase goes no earlier than n / rate seconds into it.</summary>
internal sealed class Pacer
{
    private readonly double _rate;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _count;

    /// <summary>A pacer whose phase starts now, at <paramref name="rate"/> messages per second.</summary>
    public Pacer(double rate) => _rate = rate;

    /// <summary>Waits until the next message may go.</summary>
    public async ValueTask WaitTurnAsync(CancellationToken cancellationToken)
    {
        var due = TimeSpan.FromSeconds(_count++ / _rate) - _clock.Elapsed;
        // Waits under a couple of milliseconds are not worth a timer: the messages go as a small burst instead.
        if (due > TimeSpan.FromMilliseconds(2))
        {
            await Task.Delay(due, cancellationToken).ConfigureAwait(false);
        }
    }
}
