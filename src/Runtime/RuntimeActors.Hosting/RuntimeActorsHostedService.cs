using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RuntimeActors.Actors;

namespace RuntimeActors.Hosting;

/// <summary>
/// Ties the actor system to the host's life. It starts in <see cref="StartingAsync"/> and terminates in
/// <see cref="StoppedAsync"/>, so that every other hosted service finds the registered actors in its
/// <c>StartAsync</c> and can still use them in its <c>StopAsync</c>.
/// </summary>
internal sealed class RuntimeActorsHostedService(
    RuntimeActorsSetup setup,
    ActorRegistry registry,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger logger) : IHostedLifecycleService
{
    private ActorSystem? _system;
    private int _terminationExpected;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var system = _system = CreateSystem();
        var steps = setup.Steps;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            try
            {
                await step.Run(system, registry, services, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Not logged here: the host logs the exception that fails its start.
                AbandonStart(system, $"it failed to start at {step.Description}");
                if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new InvalidOperationException(
                    $"Actor system '{setup.SystemName}' failed to start: {step.Description} (start step {i + 1} of {steps.Count}) threw {e.GetType().Name}: {e.Message}",
                    e);
            }
        }

        HostingLog.Started(logger, setup.SystemName, steps.Count);
        _ = WatchTerminationAsync(system);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_system is not { } system)
        {
            // The host stops without having started us, e.g. after another service failed in its StartingAsync.
            return;
        }

        Volatile.Write(ref _terminationExpected, 1);
        try
        {
            await system.Terminate().WaitAsync(cancellationToken).ConfigureAwait(false);
            HostingLog.Stopped(logger, setup.SystemName);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Like BackgroundService: the host's shutdown timeout ends the wait, not the process.
            HostingLog.StopTimedOut(logger, setup.SystemName);
        }
    }

    private ActorSystem CreateSystem()
    {
        try
        {
            return services.GetRequiredService<ActorSystem>();
        }
        catch (Exception e)
        {
            registry.Close("it could not be created");
            throw new InvalidOperationException($"Actor system '{setup.SystemName}' could not be created: {e.Message}", e);
        }
    }

    private void AbandonStart(ActorSystem system, string because)
    {
        Volatile.Write(ref _terminationExpected, 1);
        registry.Close(because);

        // Not awaited: a stuck actor must not hang the failing start; the container's disposal of the system awaits it.
        _ = system.Terminate();
    }

    private async Task WatchTerminationAsync(ActorSystem system)
    {
        await system.WhenTerminated.ConfigureAwait(false);
        registry.Close("it has terminated");
        if (Volatile.Read(ref _terminationExpected) == 0 && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Nothing would ever stop a host whose actor system is gone: stop it rather than leave a zombie process.
            HostingLog.TerminatedOnItsOwn(logger, setup.SystemName);
            lifetime.StopApplication();
        }
    }
}
