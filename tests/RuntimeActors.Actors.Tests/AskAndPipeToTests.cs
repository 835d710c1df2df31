using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.Actors.Tests;

public sealed class AskAndPipeToTests(ITestOutputHelper output) : TestKit.TestKit(output)
{
    [Fact]
    public async Task Ask_completes_with_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>(), "echo");

        var reply = await echo.Ask<string>("ping", TimeSpan.FromSeconds(3));

        Assert.Equal("ping", reply);
    }

    [Fact]
    public async Task Ask_times_out_with_an_exception_naming_the_target()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()), "silent");

        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<string>("hello?", TimeSpan.FromMilliseconds(100)));

        Assert.Contains("ractors://test/user/silent", error.Message, StringComparison.Ordinal);
        Assert.Contains("100 ms", error.Message, StringComparison.Ordinal);
        Assert.Contains("String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_uses_the_system_timeout_when_none_is_given()
    {
        await using var system = ActorSystem.Create("short", new ActorSystemOptions { AskTimeout = TimeSpan.FromMilliseconds(50) });
        var silent = system.ActorOf(Props.Create(() => new Silent()));

        await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<string>("hello?"));
    }

    [Fact]
    public async Task A_Failure_reply_faults_the_Ask_with_its_cause()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var cause = new TestException("refused");

        var error = await Assert.ThrowsAsync<TestException>(() => echo.Ask<string>(new Status.Failure(cause), TimeSpan.FromSeconds(3)));

        Assert.Same(cause, error);
    }

    [Fact]
    public async Task A_reply_of_the_wrong_type_faults_the_Ask_clearly()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>(), "typed");

        var error = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<string>(42, TimeSpan.FromSeconds(3)));

        Assert.Contains("expected a reply of type String but received Int32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_can_be_cancelled()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()));
        using var cancellation = new CancellationTokenSource();

        var ask = silent.Ask<string>("hello?", TimeSpan.FromSeconds(30), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public async Task Ask_with_a_message_factory_passes_the_reply_address()
    {
        var echo = Sys.ActorOf(Props.Create(() => new ReplyTo()));

        var reply = await echo.Ask<string>(replyTo => new Request(replyTo, "hi"), TimeSpan.FromSeconds(3));

        Assert.Equal("hi back", reply);
    }

    [Fact]
    public async Task PipeTo_delivers_the_result_of_a_task()
    {
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = completion.Task.PipeTo(TestActor, success: n => $"got {n}");

        completion.SetResult(7);

        await ExpectMsgAsync("got 7");
    }

    [Fact]
    public async Task PipeTo_delivers_a_failure_as_Status_Failure()
    {
        var cause = new TestException("io failed");

        await Task.FromException<int>(cause).PipeTo(TestActor);

        var failure = await ExpectMsgAsync<Status.Failure>();
        Assert.Same(cause, failure.Cause);
    }

    [Fact]
    public async Task PipeTo_inside_an_actor_uses_the_actor_as_sender()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Piper()));

        actor.Tell(TestActor, TestActor);

        await ExpectMsgAsync("piped");
        Assert.Equal(actor, LastSender);
    }

    private sealed record Request(IActorRef ReplyTo, string Text);

    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }

    private sealed class ReplyTo : ReceiveActor
    {
        public ReplyTo() => Receive<Request>(r => r.ReplyTo.Tell(r.Text + " back", Self));
    }

    private sealed class Piper : ReceiveActor
    {
        public Piper() => Receive<IActorRef>(target => Task.FromResult("piped").PipeTo(target));
    }
}
