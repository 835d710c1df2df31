using Microsoft.Extensions.Logging;
using RuntimeActors.TestKit;

namespace RuntimeActors.Actors.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task An_actor_that_throws_is_logged_with_its_path_and_the_exception()
    {
        var sink = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(sink));
        await using var system = ActorSystem.Create("logged", loggerFactory: loggerFactory);
        var actor = system.ActorOf(Props.Create(() => new Thrower()), "thrower");

        actor.Tell("go", null);

        var entry = await sink.FirstAsync(e => e.Exception is TestException, TestKitSettings.Dilated(TimeSpan.FromSeconds(3)));
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("ractors://logged/user/thrower", entry.Message, StringComparison.Ordinal);
        Assert.Contains("TestException", entry.Message, StringComparison.Ordinal);
        Assert.Contains("Restart", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_strategy_may_log_routine_failures_at_a_lower_level_but_still_with_the_path()
    {
        var sink = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(sink));
        await using var system = ActorSystem.Create("logged", loggerFactory: loggerFactory);
        var parent = system.ActorOf(Props.Create(() => new Parent()), "parent");

        parent.Tell("go", null);

        var entry = await sink.FirstAsync(e => e.Exception is TestException, TestKitSettings.Dilated(TimeSpan.FromSeconds(3)));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("ractors://logged/user/parent/thrower", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actors_log_through_the_systems_logger_factory_under_their_type()
    {
        var sink = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(sink));
        await using var system = ActorSystem.Create("logged", loggerFactory: loggerFactory);
        var actor = system.ActorOf(Props.Create(() => new Talker()));

        actor.Tell("say", null);

        var entry = await sink.FirstAsync(e => e.Message == "hello from an actor", TestKitSettings.Dilated(TimeSpan.FromSeconds(3)));
        Assert.Equal(typeof(Talker).FullName, entry.Category);
    }

    private sealed class Thrower : ReceiveActor
    {
        public Thrower() => Receive<string>(_ => throw new TestException("logged failure"));
    }

    private sealed class Parent : ReceiveActor
    {
        public Parent()
        {
            var child = Context.ActorOf(Props.Create(() => new Thrower()), "thrower");
            Receive<string>(message => child.Forward(message));
        }

        protected override SupervisorStrategy SupervisorStrategy() =>
            new OneForOneStrategy(_ => Directive.Restart) { FailureLogLevel = _ => LogLevel.Information };
    }

    private sealed class Talker : ReceiveActor
    {
        public Talker() => Receive<string>(_ => Log.LogInformation("hello from an actor"));
    }
}
