using System.Diagnostics.CodeAnalysis;
using RuntimeActors.Actors;

namespace RuntimeActors.Hosting;

/// <summary>
/// The named top-level actors of the hosted <see cref="ActorSystem"/>, for consumers that get their actors from
/// dependency injection. The actors registered with <see cref="RuntimeActorsBuilder"/> are added when the host
/// starts, before the <c>StartAsync</c> of any hosted service runs; <see cref="GetAsync"/> waits for the others.
/// </summary>
/// <remarks>A registration lasts as long as the registry: a stopped actor stays registered under its name.</remarks>
public interface IActorRegistry
{
    /// <summary>Registers <paramref name="actor"/> under <paramref name="name"/> and completes the waits for it.</summary>
    /// <param name="name">The name consumers look the actor up by, usually the actor's own name.</param>
    /// <param name="actor">The actor.</param>
    /// <exception cref="ArgumentException">Another actor is already registered under <paramref name="name"/>.</exception>
    void Register(string name, IActorRef actor);

    /// <summary>The actor registered under <paramref name="name"/>.</summary>
    /// <param name="name">The name it was registered under.</param>
    /// <exception cref="KeyNotFoundException">No actor is registered under <paramref name="name"/>; the message lists the registered names.</exception>
    IActorRef Get(string name);

    /// <summary>Looks up the actor registered under <paramref name="name"/>.</summary>
    /// <param name="name">The name it was registered under.</param>
    /// <param name="actor">The actor, or null when none is registered under <paramref name="name"/>.</param>
    /// <returns>Whether an actor is registered under <paramref name="name"/>.</returns>
    bool TryGet(string name, [NotNullWhen(true)] out IActorRef? actor);

    /// <summary>
    /// The actor registered under <paramref name="name"/>, as soon as it is registered: for consumers that may run
    /// before the host has started the actor system.
    /// </summary>
    /// <param name="name">The name the actor is or will be registered under.</param>
    /// <param name="cancellationToken">Gives up the wait.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="InvalidOperationException">The actor system failed to start or terminated before an actor was registered under <paramref name="name"/>.</exception>
    Task<IActorRef> GetAsync(string name, CancellationToken cancellationToken = default);
}
