using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RuntimeActors.Actors;
using Xunit.Abstractions;

namespace RuntimeActors.Hosting.Tests;

/// <summary>The actor system's life inside a real generic host. The TestKit's own system only hosts probes.</summary>
public sealed class HostedActorSystemTests(ITestOutputHelper output) : TestKit.TestKit(output)
{
    private readonly RecordingLoggerProvider _logs = new(output);

    [Fact]
    public async Task Starting_the_host_starts_the_system_and_a_DI_consumer_asks_a_registered_actor()
    {
        var builder = TestHost.CreateBuilder(_logs);
        AddGreeterServices(builder.Services);
        builder.Services.AddSingleton<GreetingClient>();
        builder.Services.AddRuntimeActors("hosted", actors => actors.WithActor<Greeter>("greeter"));
        using var host = builder.Build();

        await host.StartAsync().WaitAsync(TestHost.Timeout);

        var system = host.Services.GetRequiredService<ActorSystem>();
        Assert.Equal("hosted", system.Name);
        Assert.False(system.WhenTerminated.IsCompleted);
        var greeter = host.Services.GetRequiredService<IActorRegistry>().Get("greeter");
        Assert.Equal("ractors://hosted/user/greeter", greeter.Path.ToString());
        var client = host.Services.GetRequiredService<GreetingClient>();
        Assert.Equal("Hello, Ada! (greeter)", await client.GreetAsync("Ada").WaitAsync(TestHost.Timeout));
        await host.StopAsync().WaitAsync(TestHost.Timeout);
    }

    [Fact]
    public async Task WithActor_of_T_injects_the_constructor_from_DI_at_start_and_at_every_restart()
    {
        var builder = TestHost.CreateBuilder(_logs);
        AddGreeterServices(builder.Services);
        builder.Services.AddRuntimeActors("injected", actors => actors.WithActor<Greeter>("greeter"));
        using var host = builder.Build();
        var counter = host.Services.GetRequiredService<ConstructionCounter>();

        await host.StartAsync().WaitAsync(TestHost.Timeout);
        Assert.Equal(1, counter.Count);
        var greeter = host.Services.GetRequiredService<IActorRegistry>().Get("greeter");

        // The failure restarts the greeter; the greeting is answered by the fresh instance, made through DI again.
        greeter.Tell("fail", null);
        Assert.Equal("Hello, Bob! (greeter)", await greeter.Ask<string>(new Greeter.Greet("Bob")).WaitAsync(TestHost.Timeout));
        Assert.Equal(2, counter.Count);
        await host.StopAsync().WaitAsync(TestHost.Timeout);
    }

    [Fact]
    public async Task Options_bound_from_the_RuntimeActors_configuration_section_reach_the_system()
    {
        var builder = TestHost.CreateBuilder(_logs, new Dictionary<string, string?>
        {
            ["RuntimeActors:Throughput"] = "7",
            ["RuntimeActors:AskTimeout"] = "00:00:02.5",
            ["RuntimeActors:LogDeadLetters"] = "false",
        });
        builder.Services.AddRuntimeActors("configured", _ => { });
        using var host = builder.Build();

        await host.StartAsync().WaitAsync(TestHost.Timeout);

        var options = host.Services.GetRequiredService<ActorSystem>().Options;
        Assert.Equal(7, options.Throughput);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.AskTimeout);
        Assert.False(options.LogDeadLetters);
        Assert.Same(host.Services.GetRequiredService<IOptions<ActorSystemOptions>>().Value, options);
        await host.StopAsync().WaitAsync(TestHost.Timeout);
    }

    [Fact]
    public async Task Options_set_in_the_builder_override_the_configuration()
    {
        var builder = TestHost.CreateBuilder(_logs, new Dictionary<string, string?>
        {
            ["RuntimeActors:Throughput"] = "7",
            ["RuntimeActors:AskTimeout"] = "00:00:02.5",
        });
        builder.Services.AddRuntimeActors("overridden", actors => actors.WithOptions(options => options.Throughput = 3));
        using var host = builder.Build();

        await host.StartAsync().WaitAsync(TestHost.Timeout);

        var options = host.Services.GetRequiredService<ActorSystem>().Options;
        Assert.Equal(3, options.Throughput);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.AskTimeout);
        await host.StopAsync().WaitAsync(TestHost.Timeout);
    }

    [Fact]
    public async Task The_hosts_logger_factory_receives_the_failure_log_that_names_the_actor_path()
    {
        var builder = TestHost.CreateBuilder(_logs);
        AddGreeterServices(builder.Services);
        builder.Services.AddRuntimeActors("logging", actors => actors.WithActor<Greeter>("greeter"));
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(TestHost.Timeout);
        var system = host.Services.GetRequiredService<ActorSystem>();
        Assert.Same(host.Services.GetRequiredService<ILoggerFactory>(), system.LoggerFactory);

        host.Services.GetRequiredService<IActorRegistry>().Get("greeter").Tell("fail", null);

        var failure = await _logs.WaitForAsync(log => log.Exception is InvalidOperationException && log.Message.Contains("failed with", StringComparison.Ordinal), TestHost.Timeout);
        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.StartsWith("Actor ractors://logging/user/greeter failed with InvalidOperationException", failure.Message, StringComparison.Ordinal);
        await host.StopAsync().WaitAsync(TestHost.Timeout);
    }

    [Fact]
    public async Task Actors_log_through_the_hosts_logger_factory_under_their_type()
    {
        var builder = TestHost.CreateBuilder(_logs);
        builder.Services.AddRuntimeActors("logging", actors => actors.WithActor<Chatty>("chatty"));
        using var host = builder.Build();

        await host.StartAsync().WaitAsync(TestHost.Timeout);

        var line = await _logs.WaitForAsync(log => log.Message.StartsWith("Chatty started", StringComparison.Ordinal), TestHost.Timeout);
        Assert.Equal(typeof(Chatty).FullName, line.Category);
        Assert.Equal("Chatty started at ractors://logging/user/chatty", line.Message);
        await host.StopAsync().WaitAsync(TestHost.Timeout);
    }

    [Fact]
    public async Task The_system_keeps_time_with_the_TimeProvider_registered_in_DI_else_the_system_clock()
    {
        var clock = new TestClock();
        var withClock = TestHost.CreateBuilder(_logs);
        withClock.Services.AddSingleton<TimeProvider>(clock);
        withClock.Services.AddRuntimeActors("clocked", _ => { });
        var withoutClock = TestHost.CreateBuilder(_logs);
        withoutClock.Services.AddRuntimeActors("unclocked", _ => { });
        using var clocked = withClock.Build();
        using var unclocked = withoutClock.Build();

        await clocked.StartAsync().WaitAsync(TestHost.Timeout);
        await unclocked.StartAsync().WaitAsync(TestHost.Timeout);

        Assert.Same(clock, clocked.Services.GetRequiredService<ActorSystem>().TimeProvider);
        Assert.Same(TimeProvider.System, unclocked.Services.GetRequiredService<ActorSystem>().TimeProvider);
        await clocked.StopAsync().WaitAsync(TestHost.Timeout);
        await unclocked.StopAsync().WaitAsync(TestHost.Timeout);
    }

    [Fact]
    public async Task Stopping_the_host_terminates_the_system_after_PostStop_of_its_actors()
    {
        var probe = CreateTestProbe();
        var builder = TestHost.CreateBuilder(_logs);
        builder.Services.AddSingleton(new Witness(probe.Ref));
        builder.Services.AddRuntimeActors("stopping", actors => actors.WithActor<StopReporter>("reporter"));
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(TestHost.Timeout);
        var system = host.Services.GetRequiredService<ActorSystem>();

        await host.StopAsync().WaitAsync(TestHost.Timeout);

        Assert.True(system.WhenTerminated.IsCompletedSuccessfully, "StopAsync returned before the system terminated.");
        await probe.ExpectMsgAsync("PostStop of ractors://stopping/user/reporter");
    }

    [Fact]
    public async Task Other_hosted_services_use_the_actors_in_their_StartAsync_and_StopAsync_and_start_steps_run_in_order()
    {
        var probe = CreateTestProbe();
        var builder = TestHost.CreateBuilder(_logs);
        AddGreeterServices(builder.Services);
        builder.Services.AddSingleton(new Witness(probe.Ref));

        // Registered before the actor system on purpose: the system starts and stops around every hosted service.
        builder.Services.AddHostedService<GreetingHostedService>();
        builder.Services.AddRuntimeActors("ordered", actors => actors
            .WithStartup("before", (_, registry, _) => Report(probe, $"before: greeter registered = {registry.TryGet("greeter", out _)}"))
            .WithActor<Greeter>("greeter")
            .WithStartup("after", (_, registry, _) => Report(probe, $"after: greeter registered = {registry.TryGet("greeter", out _)}")));
        using var host = builder.Build();

        await host.StartAsync().WaitAsync(TestHost.Timeout);
        await probe.ExpectMsgAsync("before: greeter registered = False");
        await probe.ExpectMsgAsync("after: greeter registered = True");
        await probe.ExpectMsgAsync("Hello, start! (greeter)");

        await host.StopAsync().WaitAsync(TestHost.Timeout);
        await probe.ExpectMsgAsync("Hello, stop! (greeter)");
    }

    [Fact]
    public async Task The_system_terminating_on_its_own_stops_the_host()
    {
        var builder = TestHost.CreateBuilder(_logs);
        AddGreeterServices(builder.Services);
        builder.Services.AddRuntimeActors("fragile", actors => actors
            .WithOptions(options => options.GuardianSupervisorStrategy = new OneForOneStrategy(_ => Directive.Escalate))
            .WithActor<Greeter>("greeter"));
        var host = builder.Build();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());

        // RunAsync is what a program awaits: it must return, or the process would linger without actors.
        var running = host.RunAsync();
        var greeter = await host.Services.GetRequiredService<IActorRegistry>().GetAsync("greeter").WaitAsync(TestHost.Timeout);
        greeter.Tell("fail", null);

        await stopping.Task.WaitAsync(TestHost.Timeout);
        await running.WaitAsync(TestHost.Timeout);
        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        var warning = await _logs.WaitForAsync(log => log.Message.Contains("terminated while the host was running", StringComparison.Ordinal), TestHost.Timeout);
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Fact]
    public async Task Stopping_waits_for_the_system_no_longer_than_the_hosts_shutdown_timeout()
    {
        var gate = new Gate();
        var builder = TestHost.CreateBuilder(_logs);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(200));
        builder.Services.AddSingleton(gate);
        builder.Services.AddRuntimeActors("stuck", actors => actors.WithActor<Blocker>("blocker"));
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(TestHost.Timeout);
        var system = host.Services.GetRequiredService<ActorSystem>();
        try
        {
            host.Services.GetRequiredService<IActorRegistry>().Get("blocker").Tell("block", null);
            await gate.Entered.Task.WaitAsync(TestHost.Timeout);

            await host.StopAsync().WaitAsync(TestHost.Timeout);

            Assert.False(system.WhenTerminated.IsCompleted);
            await _logs.WaitForAsync(log => log.Message.Contains("did not terminate within the host's shutdown timeout", StringComparison.Ordinal), TestHost.Timeout);
        }
        finally
        {
            gate.Release.Set();
        }

        await system.WhenTerminated.WaitAsync(TestHost.Timeout);
    }

    [Fact]
    public async Task A_failing_startup_callback_fails_the_hosts_start_with_an_error_naming_it_and_terminates_the_system()
    {
        var builder = TestHost.CreateBuilder(_logs);
        AddGreeterServices(builder.Services);
        builder.Services.AddRuntimeActors("failing", actors => actors
            .WithActor<Greeter>("greeter")
            .WithStartup("seed-data", async (_, _, _) =>
            {
                await Task.Yield();
                throw new InvalidOperationException("The seed data is missing.");
            }));
        using var host = builder.Build();
        var waiting = host.Services.GetRequiredService<IActorRegistry>().GetAsync("never-registered");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync().WaitAsync(TestHost.Timeout));

        Assert.Contains("Actor system 'failing' failed to start: startup callback 'seed-data' (start step 2 of 2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("The seed data is missing.", error.Message, StringComparison.Ordinal);
        Assert.Equal("The seed data is missing.", error.InnerException?.Message);
        await host.Services.GetRequiredService<ActorSystem>().WhenTerminated.WaitAsync(TestHost.Timeout);
        var abandoned = await Assert.ThrowsAsync<InvalidOperationException>(() => waiting.WaitAsync(TestHost.Timeout));
        Assert.Contains("'never-registered'", abandoned.Message, StringComparison.Ordinal);
        Assert.Contains("failed to start", abandoned.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unnamed_startup_callback_is_named_by_its_position()
    {
        var builder = TestHost.CreateBuilder(_logs);
        builder.Services.AddRuntimeActors("failing", actors => actors
            .WithStartup((_, _, _) => Task.CompletedTask)
            .WithStartup((_, _, _) => throw new NotSupportedException("Not today.")));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync().WaitAsync(TestHost.Timeout));

        Assert.Contains("startup callback '#2' (start step 2 of 2) threw NotSupportedException: Not today.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_actor_whose_constructor_cannot_be_satisfied_fails_the_hosts_start_with_an_error_naming_it()
    {
        var builder = TestHost.CreateBuilder(_logs);

        // No GreetingFormatter registered.
        builder.Services.AddRuntimeActors("unsatisfied", actors => actors.WithActor<Greeter>("greeter"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync().WaitAsync(TestHost.Timeout));

        Assert.Contains("failed to start: actor 'greeter' (Greeter)", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(GreetingFormatter), error.Message, StringComparison.Ordinal);
        Assert.False(host.Services.GetRequiredService<IActorRegistry>().TryGet("greeter", out _));
    }

    [Fact]
    public async Task An_actor_whose_constructor_throws_fails_the_hosts_start_with_the_constructors_exception()
    {
        var builder = TestHost.CreateBuilder(_logs);
        builder.Services.AddRuntimeActors("throwing", actors => actors.WithActor<Unconfigured>("unconfigured"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync().WaitAsync(TestHost.Timeout));

        Assert.Contains("failed to start: actor 'unconfigured' (Unconfigured) (start step 1 of 1) threw ArgumentException: The endpoint is not configured.", error.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentException>(error.InnerException);
    }

    [Fact]
    public async Task GetAsync_completes_when_the_host_registers_the_actor()
    {
        var builder = TestHost.CreateBuilder(_logs);
        AddGreeterServices(builder.Services);
        builder.Services.AddRuntimeActors("later", actors => actors.WithActor<Greeter>("greeter"));
        using var host = builder.Build();
        var pending = host.Services.GetRequiredService<IActorRegistry>().GetAsync("greeter");
        Assert.False(pending.IsCompleted);

        await host.StartAsync().WaitAsync(TestHost.Timeout);

        var greeter = await pending.WaitAsync(TestHost.Timeout);
        Assert.Equal("Hello, Eve! (greeter)", await greeter.Ask<string>(new Greeter.Greet("Eve")).WaitAsync(TestHost.Timeout));
        await host.StopAsync().WaitAsync(TestHost.Timeout);
    }

    [Fact]
    public async Task Invalid_options_fail_the_hosts_start_with_the_kernels_reason()
    {
        var builder = TestHost.CreateBuilder(_logs, new Dictionary<string, string?> { ["RuntimeActors:Throughput"] = "0" });
        builder.Services.AddRuntimeActors("invalid", _ => { });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync().WaitAsync(TestHost.Timeout));

        Assert.StartsWith("Actor system 'invalid' could not be created:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Throughput must be at least 1.", error.Message, StringComparison.Ordinal);
    }

    private static void AddGreeterServices(IServiceCollection services)
    {
        services.AddSingleton(new GreetingFormatter("Hello"));
        services.AddSingleton<ConstructionCounter>();
    }

    private static Task Report(TestKit.TestProbe probe, string message)
    {
        probe.Ref.Tell(message, null);
        return Task.CompletedTask;
    }

    private sealed class Chatty : ReceiveActor
    {
        protected override void PreStart() => Log.LogInformation("Chatty started at {Path}", Self.Path);
    }

    private sealed class Unconfigured : ReceiveActor
    {
        public Unconfigured() => throw new ArgumentException("The endpoint is not configured.");
    }

    private sealed class StopReporter(Witness witness) : ReceiveActor
    {
        protected override void PostStop() => witness.Report($"PostStop of {Self.Path}");
    }

    private sealed class Blocker : ReceiveActor
    {
        public Blocker(Gate gate) => Receive<string>(_ =>
        {
            gate.Entered.TrySetResult();
            gate.Release.Wait(TestHost.Timeout * 4);
        });
    }

    private sealed class Gate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ManualResetEventSlim Release { get; } = new();
    }

    private sealed class TestClock : TimeProvider
    {
    }
}
