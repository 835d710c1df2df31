using Microsoft.Extensions.Hosting;
using RuntimeActors.Actors;

namespace RuntimeActors.Hosting.Tests;

/// <summary>Another hosted service that talks to the greeter while it starts and while it stops.</summary>
public sealed class GreetingHostedService(IActorRegistry registry, Witness witness) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        witness.Report(await registry.Get("greeter").Ask<string>(new Greeter.Greet("start"), cancellationToken: cancellationToken));

    public async Task StopAsync(CancellationToken cancellationToken) =>
        witness.Report(await registry.Get("greeter").Ask<string>(new Greeter.Greet("stop"), cancellationToken: cancellationToken));
}
