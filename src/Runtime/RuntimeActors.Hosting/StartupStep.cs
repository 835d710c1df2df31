using RuntimeActors.Actors;

namespace RuntimeActors.Hosting;

/// <summary>One thing the hosted service does at start, in the order the builder was told.</summary>
/// <param name="Description">Names the step in the error that fails the host's start, e.g. <c>actor 'greeter'</c>.</param>
/// <param name="Run">The step; the token is the host's start token.</param>
internal sealed record StartupStep(string Description, Func<ActorSystem, IActorRegistry, IServiceProvider, CancellationToken, Task> Run);
