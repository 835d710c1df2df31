using Microsoft.Extensions.DependencyInjection;
using RuntimeActors.Actors;

namespace RuntimeActors.Hosting;

/// <summary>
/// Configures the hosted actor system in <see cref="RuntimeActorsServiceCollectionExtensions.AddRuntimeActors"/>:
/// its options, its named top-level actors and other start code. The actors and callbacks run when the host
/// starts, in the order they were added, so each may use what the earlier ones registered.
/// </summary>
public sealed class RuntimeActorsBuilder
{
    private readonly List<StartupStep> _steps = [];
    private readonly HashSet<string> _actorNames = new(StringComparer.Ordinal);
    private readonly List<Action<ActorSystemOptions>> _optionOverrides = [];
    private int _callbacks;

    internal RuntimeActorsBuilder(IServiceCollection services, string systemName)
    {
        Services = services;
        SystemName = systemName;
    }

    /// <summary>The services the actor system is registered in, for extensions of the builder.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The name of the actor system, the first element of its actor paths.</summary>
    public string SystemName { get; }

    internal IReadOnlyList<Action<ActorSystemOptions>> OptionOverrides => _optionOverrides;

    /// <summary>
    /// Changes the options after they are bound from the <c>RuntimeActors</c> configuration section, so that
    /// code wins over configuration.
    /// </summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public RuntimeActorsBuilder WithOptions(Action<ActorSystemOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _optionOverrides.Add(configure);
        return this;
    }

    /// <summary>
    /// Creates a top-level actor at start with <paramref name="factory"/> and registers the reference it returns
    /// under <paramref name="name"/> in the <see cref="IActorRegistry"/>.
    /// </summary>
    /// <param name="name">The registry name, usually also the actor's name.</param>
    /// <param name="factory">Creates the actor, typically with <see cref="ActorSystem.ActorOf"/>; receives the system, the registry and the host's services.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">An actor is already added under <paramref name="name"/>.</exception>
    public RuntimeActorsBuilder WithActor(string name, Func<ActorSystem, IActorRegistry, IServiceProvider, IActorRef> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ReserveName(name);
        _steps.Add(new StartupStep($"actor '{name}'", (system, registry, services, _) =>
        {
            var actor = factory(system, registry, services)
                ?? throw new InvalidOperationException($"The factory of actor '{name}' returned null instead of an actor reference.");
            registry.Register(name, actor);
            return Task.CompletedTask;
        }));
        return this;
    }

    /// <summary>
    /// Creates a top-level actor named <paramref name="name"/> at start, its constructor's parameters resolved from
    /// the host's services (as <see cref="ActivatorUtilities"/> does), and registers it under the same name.
    /// The host's start waits until the first instance is constructed, so a missing service fails the start with
    /// an error that names the actor.
    /// </summary>
    /// <remarks>
    /// Every restart constructs a fresh instance the same way. Services are resolved from the root provider:
    /// an actor that needs scoped services should take <see cref="IServiceScopeFactory"/> and make its own scopes.
    /// </remarks>
    /// <typeparam name="TActor">The actor type; its constructor must be public.</typeparam>
    /// <param name="name">The actor's name under <c>/user</c> and in the registry.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">An actor is already added under <paramref name="name"/>.</exception>
    public RuntimeActorsBuilder WithActor<TActor>(string name)
        where TActor : ActorBase
    {
        ReserveName(name);
        _steps.Add(new StartupStep($"actor '{name}' ({typeof(TActor).Name})", async (system, registry, services, cancellationToken) =>
        {
            var constructed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // The kernel runs this factory on the actor's mailbox thread while it marks the cell as creating, which
            // is what ActorBase's constructor requires: ActivatorUtilities invokes the constructor on that same thread.
            var props = Props.Create(() =>
            {
                try
                {
                    var actor = ActivatorUtilities.CreateInstance<TActor>(services);
                    constructed.TrySetResult();
                    return actor;
                }
                catch (Exception e)
                {
                    constructed.TrySetException(e);
                    throw;
                }
            });
            var actor = system.ActorOf(props, name);
            await constructed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            registry.Register(name, actor);
        }));
        return this;
    }

    /// <summary>Runs <paramref name="callback"/> at start, after the actors and callbacks added before it; the host's start waits for it.</summary>
    /// <param name="callback">Start code; receives the system, the registry and the host's services.</param>
    /// <returns>This builder.</returns>
    public RuntimeActorsBuilder WithStartup(Func<ActorSystem, IActorRegistry, IServiceProvider, Task> callback) =>
        WithStartup($"#{_callbacks + 1}", callback);

    /// <summary>Like <see cref="WithStartup(Func{ActorSystem, IActorRegistry, IServiceProvider, Task})"/> with a name for errors and logs.</summary>
    /// <param name="name">Names the callback in the error that fails the host's start when it throws.</param>
    /// <param name="callback">Start code; receives the system, the registry and the host's services.</param>
    /// <returns>This builder.</returns>
    public RuntimeActorsBuilder WithStartup(string name, Func<ActorSystem, IActorRegistry, IServiceProvider, Task> callback)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(callback);
        _callbacks++;
        _steps.Add(new StartupStep($"startup callback '{name}'", async (system, registry, services, cancellationToken) =>
        {
            var run = callback(system, registry, services)
                ?? throw new InvalidOperationException($"Startup callback '{name}' returned a null task.");
            await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }));
        return this;
    }

    internal RuntimeActorsSetup Build() => new(SystemName, [.. _steps]);

    private void ReserveName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_actorNames.Add(name))
        {
            throw new ArgumentException($"An actor named '{name}' is already added to actor system '{SystemName}'.", nameof(name));
        }
    }
}
