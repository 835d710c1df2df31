using RuntimeActors.Messages;
using RuntimeActors;

namespace RuntimeActors.Tests.Messages;

/// <summary>The pool of received frames' arrays: grows to what is in flight, gives back what a whole interval left unused.</summary>
public sealed class TrimmingArrayPoolTests
{
    private const int Length = 64 * 1024;

    [Fact]
    public void A_returned_array_is_rented_again()
    {
        using var pool = NewPool(keep: 4, cap: 16);
        var array = pool.Rent(Length);
        pool.Return(array);

        Assert.Same(array, pool.Rent(Length));
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(17, 32)]
    [InlineData(3000, 4096)]
    [InlineData(65536, 65536)]
    public void Arrays_come_in_powers_of_two_of_at_least_the_length_asked(int asked, int length)
    {
        using var pool = NewPool(keep: 4, cap: 16);

        Assert.Equal(length, pool.Rent(asked).Length);
    }

    [Fact]
    public void Arrays_longer_than_the_pool_serves_are_made_and_not_kept()
    {
        using var pool = NewPool(keep: 4, cap: 16);
        var array = pool.Rent(Length + 1);

        pool.Return(array);

        Assert.NotSame(array, pool.Rent(Length + 1));
    }

    [Fact]
    public void What_a_burst_needed_is_kept_through_an_interval_and_given_back_after_one_without_use()
    {
        using var pool = NewPool(keep: 4, cap: 64);
        ReturnAll(pool, RentMany(pool, 20));
        var grown = pool.Count(Length);
        Assert.InRange(grown, 20, 30);

        // The burst was within the interval: nothing given back yet (20 and a quarter more are kept).
        pool.Trim();
        Assert.Equal(grown, pool.Count(Length));

        // A whole interval without anybody taking them: back to what the pool keeps anyway.
        pool.Trim();
        Assert.Equal(4, pool.Count(Length));
    }

    [Fact]
    public void Arrays_taken_during_the_interval_are_not_given_back()
    {
        using var pool = NewPool(keep: 0, cap: 64);
        ReturnAll(pool, RentMany(pool, 20));
        pool.Trim();

        // A steady flow that needs all twenty now and then keeps all twenty.
        ReturnAll(pool, RentMany(pool, 20));
        pool.Trim();

        Assert.InRange(pool.Count(Length), 20, 25);
    }

    [Fact]
    public void A_pool_run_dry_makes_half_as_many_arrays_again_as_are_out()
    {
        using var pool = NewPool(keep: 0, cap: 1024);
        var held = new List<byte[]>();
        var refills = 0;
        while (held.Count < 200)
        {
            var dry = pool.Count(Length) == 0;
            held.Add(pool.Rent(Length));
            if (dry)
            {
                // So the swings above this peak find arrays made already instead of allocating one each.
                Assert.Equal(held.Count / 2, pool.Count(Length));
                refills++;
            }
        }

        // Growth by half each time: ten refills up to 200, not one per array.
        Assert.InRange(refills, 5, 12);
        ReturnAll(pool, [.. held]);
    }

    [Fact]
    public void An_abandoned_array_no_longer_counts_as_in_flight()
    {
        using var pool = NewPool(keep: 0, cap: 1024);
        var kept = RentMany(pool, 40);
        foreach (var array in kept)
        {
            pool.Abandon(array);
        }

        pool.Trim();
        pool.Trim();

        // Nothing is in flight any more and nothing was used for an interval: the stock made at the peak goes.
        Assert.Equal(0, pool.Count(Length));
        // And the growth that follows is sized to what is out now, not to the abandoned arrays.
        RentMany(pool, 2);
        Assert.Equal(1, pool.Count(Length));
    }

    [Fact]
    public void No_more_than_the_cap_is_kept_whatever_is_in_flight()
    {
        using var pool = NewPool(keep: 4, cap: 8);

        ReturnAll(pool, RentMany(pool, 20));

        Assert.Equal(8, pool.Count(Length));
    }

    [Fact]
    public void A_flow_whose_in_flight_count_swings_allocates_nothing_once_the_pool_has_grown_to_it()
    {
        // The bounded pool this replaced allocated on every swing above its bound (keeping 256 of 1,000 in flight).
        using var pool = NewPool(keep: 2, cap: 1024);
        var held = new byte[600][];
        Swing(pool, held);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            Swing(pool, held);
        }

        // Less than one array: the pool made none. Not exactly zero: the runtime's tiered compilation counts calls on
        // the calling thread and, when a method here is promoted, allocates a little bookkeeping there (24 and 4,080
        // bytes in 3 of 9 runs of the whole suite, never an array of Length; 0 of 7 failed with DOTNET_TieredCompilation=0).
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, Length - 1);

        static void Swing(TrimmingArrayPool pool, byte[][] held)
        {
            for (var i = 0; i < held.Length; i++)
            {
                held[i] = pool.Rent(Length);
            }

            foreach (var array in held)
            {
                pool.Return(array);
            }
        }
    }

    [Fact]
    public void A_foreign_array_is_not_kept()
    {
        using var pool = NewPool(keep: 4, cap: 16);

        pool.Return(new byte[3000]);

        Assert.Equal(0, pool.Count(3000));
    }

    private static TrimmingArrayPool NewPool(int keep, int cap) => new(Length, keep, cap, Timeout.InfiniteTimeSpan);

    private static byte[][] RentMany(TrimmingArrayPool pool, int count) => [.. Enumerable.Range(0, count).Select(_ => pool.Rent(Length))];

    private static void ReturnAll(TrimmingArrayPool pool, byte[][] arrays)
    {
        foreach (var array in arrays)
        {
            pool.Return(array);
        }
    }
}
