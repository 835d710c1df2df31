using RuntimeActors.Messages;

namespace RuntimeActors.Tests.Messages;

public sealed class ObjectPoolTests
{
    private readonly ObjectPool<Item> _pool = new();

    [Fact]
    public void What_a_thread_gives_back_it_gets_again()
    {
        ObjectPool<Item>.ThreadCache? cache = null;
        var given = new Item();
        _pool.Return(given, ref cache);

        Assert.Same(given, _pool.Rent(ref cache));
    }

    [Fact]
    public void An_empty_pool_makes_a_new_object()
    {
        ObjectPool<Item>.ThreadCache? cache = null;
        var first = _pool.Rent(ref cache);
        var second = _pool.Rent(ref cache);

        Assert.NotSame(first, second);
    }

    [Fact]
    public void Objects_given_back_through_one_cache_reach_another_through_the_shared_stack()
    {
        // A receiver's thread gives back what an engine's thread takes: more than a thread keeps moves on.
        ObjectPool<Item>.ThreadCache? receiver = null;
        ObjectPool<Item>.ThreadCache? engine = null;
        var given = Enumerable.Range(0, 200).Select(_ => new Item()).ToHashSet();
        foreach (var item in given)
        {
            _pool.Return(item, ref receiver);
        }

        var taken = Enumerable.Range(0, 100).Select(_ => _pool.Rent(ref engine)).ToList();

        Assert.All(taken, item => Assert.Contains(item, given));
        Assert.Equal(100, taken.Distinct().Count());
    }

    [Fact]
    public void The_data_path_pools_hand_out_what_was_given_back_on_the_same_thread()
    {
        var message = DataPathPools.RentMessage();
        DataPathPools.ReturnMessage(message);

        Assert.Same(message, DataPathPools.RentMessage());
    }

    private sealed class Item;
}
