using RuntimeActors.Actors;
using Xunit.Abstractions;

namespace RuntimeActors.TestKit.Tests;

public sealed class ExpectationTests(ITestOutputHelper output) : TestKit(output)
{
    [Fact]
    public async Task ExpectMsg_returns_the_message_and_records_its_sender()
    {
        var probe = CreateTestProbe();

        probe.Tell(TestActor, "hello");

        Assert.Equal("hello", await ExpectMsgAsync<string>());
        Assert.Equal(probe.Ref, LastSender);
    }

    [Fact]
    public async Task ExpectMsg_fails_on_timeout_naming_what_it_waited_for()
    {
        var error = await Assert.ThrowsAsync<TestKitAssertionException>(() => ExpectMsgAsync<int>(timeout: TimeSpan.FromMilliseconds(50)).AsTask());

        Assert.Contains("a message of type Int32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectMsg_fails_on_a_message_of_another_type()
    {
        TestActor.Tell("text", null);

        var error = await Assert.ThrowsAsync<TestKitAssertionException>(() => ExpectMsgAsync<int>().AsTask());

        Assert.Contains("Expected a message of type Int32 but received String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectMsg_fails_when_the_predicate_rejects_the_message()
    {
        TestActor.Tell(41, null);

        await Assert.ThrowsAsync<TestKitAssertionException>(() => ExpectMsgAsync<int>(n => n == 42).AsTask());
    }

    [Fact]
    public async Task ExpectMsg_by_value_compares_with_equality()
    {
        TestActor.Tell("a", null);
        TestActor.Tell("b", null);

        await ExpectMsgAsync("a");
        await Assert.ThrowsAsync<TestKitAssertionException>(() => ExpectMsgAsync("c").AsTask());
    }

    [Fact]
    public void The_blocking_forms_work_too()
    {
        TestActor.Tell(7, null);

        Assert.Equal(7, ExpectMsg<int>());
        ExpectNoMsg(TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task ExpectNoMsg_fails_when_a_message_arrives()
    {
        TestActor.Tell("surprise", null);

        // The window is long because the failure ends it early: a short one made this test fail on a loaded machine,
        // when the TestActor had not yet queued the message that was told before the expectation.
        var error = await Assert.ThrowsAsync<TestKitAssertionException>(() => ExpectNoMsgAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(3))).AsTask());

        Assert.Contains("surprise", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FishForMessage_skips_until_the_wanted_message()
    {
        foreach (var n in new[] { 1, 2, 3, 4 })
        {
            TestActor.Tell(n, null);
        }

        Assert.Equal(3, await FishForMessageAsync<int>(n => n == 3));
        Assert.Equal(4, await ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task FishForMessage_fails_listing_what_it_skipped()
    {
        TestActor.Tell(1, null);

        var error = await Assert.ThrowsAsync<TestKitAssertionException>(() => FishForMessageAsync<int>(n => n == 2, TimeSpan.FromMilliseconds(100)).AsTask());

        Assert.Contains("Int32 {1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveWhile_collects_until_the_filter_refuses()
    {
        foreach (var item in new object[] { "a", "b", 3, "d" })
        {
            TestActor.Tell(item, null);
        }

        var collected = await ReceiveWhileAsync(m => m as string, idle: TimeSpan.FromMilliseconds(200));

        Assert.Equal(["a", "b"], collected);
        Assert.Equal("d", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task ReceiveWhile_stops_at_the_message_count()
    {
        foreach (var item in new[] { "a", "b", "c" })
        {
            TestActor.Tell(item, null);
        }

        var collected = await ReceiveWhileAsync(m => m as string, maxMessages: 2);

        Assert.Equal(["a", "b"], collected);
    }

    [Fact]
    public async Task Within_bounds_the_nested_expectations()
    {
        var error = await Assert.ThrowsAsync<TestKitAssertionException>(async () =>
            await WithinAsync(TimeSpan.FromMilliseconds(100), async () => await ExpectMsgAsync<string>()));

        Assert.Contains("Timeout (", error.Message, StringComparison.Ordinal);
        Assert.True(RemainingOrDefault > TimeSpan.FromSeconds(1), "the deadline of Within must not outlive its block");
    }

    [Fact]
    public async Task Within_fails_a_block_faster_than_its_minimum()
    {
        var error = await Assert.ThrowsAsync<TestKitAssertionException>(async () =>
            await WithinAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), () => Task.CompletedTask));

        Assert.Contains("less than the minimum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwaitCondition_returns_once_the_condition_holds()
    {
        var flag = 0;
        _ = Task.Run(async () =>
        {
            await Task.Yield();
            Volatile.Write(ref flag, 1);
        });

        await AwaitConditionAsync(() => Volatile.Read(ref flag) == 1);
    }

    [Fact]
    public async Task AwaitCondition_fails_with_its_reason()
    {
        var error = await Assert.ThrowsAsync<TestKitAssertionException>(() =>
            AwaitConditionAsync(() => false, TimeSpan.FromMilliseconds(100), because: "the moon is not cheese").AsTask());

        Assert.Contains("the moon is not cheese", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwaitAssert_rethrows_the_last_assertion_failure()
    {
        var attempts = 0;

        await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => AwaitAssertAsync(() =>
        {
            attempts++;
            Assert.Equal(1, 2);
        }, TimeSpan.FromMilliseconds(150)).AsTask());

        Assert.True(attempts > 1);
    }

    [Fact]
    public async Task Probes_have_their_own_queues()
    {
        var first = CreateTestProbe();
        var second = CreateTestProbe();

        first.Ref.Tell("for the first", null);

        Assert.Equal("for the first", await first.ExpectMsgAsync<string>());
        await second.ExpectNoMsgAsync();
        await ExpectNoMsgAsync();
    }

    [Fact]
    public async Task A_probe_can_reply_to_the_sender_of_its_last_message()
    {
        var probe = CreateTestProbe();
        probe.Ref.Tell("question", TestActor);
        await probe.ExpectMsgAsync("question");

        probe.Reply("answer");

        Assert.Equal("answer", await ExpectMsgAsync<string>());
        Assert.Equal(probe.Ref, LastSender);
    }

    [Fact]
    public async Task ExpectTerminated_sees_a_watched_actor_stop()
    {
        var probe = CreateTestProbe();
        await WatchAsync(probe.Ref);

        Sys.Stop(probe.Ref);

        Assert.Equal(probe.Ref, (await ExpectTerminatedAsync(probe.Ref)).ActorRef);
    }
}
