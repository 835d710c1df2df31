namespace RuntimeActors.Tests.Messages;

public sealed class ObjectPoolTests
{
    [Fact]
    public void What_a_thread_gives_back_it_gets_again()
    {
        var given = new SameThreadItem();
        ObjectPool<SameThreadItem>.Return(given);

        Assert.Same(given, ObjectPool<SameThreadItem>.Rent());
    }

    [Fact]
    public void An_empty_pool_makes_a_new_object()
    {
        var first = ObjectPool<EmptyPoolItem>.Rent();
        var second = ObjectPool<EmptyPoolItem>.Rent();

        Assert.NotSame(first, second);
    }

    [Fact]
    public async Task Objects_given_back_on_one_thread_reach_another_through_the_shared_stack()
    {
        // A receiver's thread gives back what an engine's thread takes: more than a thread keeps moves on.
        var given = Enumerable.Range(0, 200).Select(_ => new CrossThreadItem()).ToHashSet();
        await Task.Factory.StartNew(() => { foreach (var item in given) ObjectPool<CrossThreadItem>.Return(item); }, TaskCreationOptions.LongRunning);

        var taken = await Task.Factory.StartNew(() => Enumerable.Range(0, 100).Select(_ => ObjectPool<CrossThreadItem>.Rent()).ToList(), TaskCreationOptions.LongRunning);

        Assert.All(taken, item => Assert.Contains(item, given));
    }

    private sealed class SameThreadItem;

    private sealed class EmptyPoolItem;

    private sealed class CrossThreadItem;
}
