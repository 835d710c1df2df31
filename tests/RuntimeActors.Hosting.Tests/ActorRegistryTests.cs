using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace RuntimeActors.Hosting.Tests;

/// <summary>The registry on its own, with probes of the TestKit's system as the registered actors.</summary>
public sealed class ActorRegistryTests(ITestOutputHelper output) : TestKit.TestKit(output)
{
    private readonly IActorRegistry _registry = new ServiceCollection()
        .AddRuntimeActors("registry", _ => { })
        .BuildServiceProvider()
        .GetRequiredService<IActorRegistry>();

    [Fact]
    public void A_registered_actor_is_found_by_Get_and_TryGet()
    {
        var probe = CreateTestProbe("alpha");

        _registry.Register("alpha", probe.Ref);

        Assert.Same(probe.Ref, _registry.Get("alpha"));
        Assert.True(_registry.TryGet("alpha", out var found));
        Assert.Same(probe.Ref, found);
        Assert.False(_registry.TryGet("beta", out var missing));
        Assert.Null(missing);
    }

    [Fact]
    public void Registering_a_taken_name_throws_an_error_naming_it_and_both_actors()
    {
        var first = CreateTestProbe("first");
        var second = CreateTestProbe("second");
        _registry.Register("worker", first.Ref);

        var error = Assert.Throws<ArgumentException>(() => _registry.Register("worker", second.Ref));

        Assert.Equal("name", error.ParamName);
        Assert.Contains("An actor named 'worker' is already registered in actor system 'registry'", error.Message, StringComparison.Ordinal);
        Assert.Contains(first.Ref.Path.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(second.Ref.Path.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Same(first.Ref, _registry.Get("worker"));
    }

    [Fact]
    public void Get_of_an_unknown_name_throws_KeyNotFound_naming_it_and_listing_the_registered_names()
    {
        _registry.Register("beta", CreateTestProbe().Ref);
        _registry.Register("alpha", CreateTestProbe().Ref);

        var error = Assert.Throws<KeyNotFoundException>(() => _registry.Get("gamma"));

        Assert.Equal("No actor named 'gamma' is registered in actor system 'registry'. Registered: 'alpha', 'beta'.", error.Message);
    }

    [Fact]
    public void Get_before_any_registration_points_to_GetAsync()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => _registry.Get("early"));

        Assert.Contains("No actor named 'early'", error.Message, StringComparison.Ordinal);
        Assert.Contains("use GetAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_completes_when_the_actor_is_registered_later()
    {
        var probe = CreateTestProbe();
        var first = _registry.GetAsync("late");
        var second = _registry.GetAsync("late");
        Assert.False(first.IsCompleted);

        _registry.Register("late", probe.Ref);

        var found = await first.WaitAsync(TestHost.Timeout);
        Assert.Same(probe.Ref, found);
        Assert.Same(probe.Ref, await second.WaitAsync(TestHost.Timeout));
        found.Tell("hello", TestActor);
        await probe.ExpectMsgAsync("hello");
    }

    [Fact]
    public async Task GetAsync_of_a_registered_actor_completes_at_once()
    {
        var probe = CreateTestProbe();
        _registry.Register("present", probe.Ref);

        var found = _registry.GetAsync("present");

        Assert.True(found.IsCompletedSuccessfully);
        Assert.Same(probe.Ref, await found);
    }

    [Fact]
    public async Task GetAsync_gives_up_when_its_token_is_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var waiting = _registry.GetAsync("absent", cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TestHost.Timeout));
    }
}
