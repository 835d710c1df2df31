using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RuntimeActors.Actors;

namespace RuntimeActors.Hosting;

/// <summary>Registers a RuntimeActors actor system with a <see cref="IServiceCollection"/> of a generic host.</summary>
public static class RuntimeActorsServiceCollectionExtensions
{
    /// <summary>The configuration section <see cref="ActorSystemOptions"/> are bound from.</summary>
    public const string ConfigurationSectionName = "RuntimeActors";

    /// <summary>
    /// Registers an <see cref="ActorSystem"/> that lives as long as the host: it is created and its actors are
    /// started when the host starts, and it is terminated gracefully (within the host's shutdown timeout) when the
    /// host stops. Should the system terminate by itself while the host runs, the application is stopped.
    /// </summary>
    /// <remarks>
    /// Registers the <see cref="ActorSystem"/> singleton, which logs through the host's <see cref="ILoggerFactory"/>
    /// and keeps time with the registered <see cref="TimeProvider"/>, if any (else <see cref="TimeProvider.System"/>);
    /// the <see cref="IActorRegistry"/> singleton; <see cref="ActorSystemOptions"/> bound from the
    /// <c>RuntimeActors</c> configuration section; and the hosted service. One actor system per service collection.
    /// </remarks>
    /// <param name="services">The host's services.</param>
    /// <param name="systemName">The actor system's name: letters, digits, '-' and '_'.</param>
    /// <param name="configure">Adds the actors and start code, and overrides options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="InvalidOperationException">An actor system is already registered in <paramref name="services"/>.</exception>
    public static IServiceCollection AddRuntimeActors(this IServiceCollection services, string systemName, Action<RuntimeActorsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(systemName);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.FirstOrDefault(static d => d.ServiceType == typeof(RuntimeActorsSetup)) is { ImplementationInstance: RuntimeActorsSetup existing })
        {
            throw new InvalidOperationException(
                $"AddRuntimeActors was already called for actor system '{existing.SystemName}'; a service collection hosts one actor system.");
        }

        var builder = new RuntimeActorsBuilder(services, systemName);
        configure(builder);
        var setup = builder.Build();

        var options = services.AddOptions<ActorSystemOptions>().BindConfiguration(ConfigurationSectionName);
        foreach (var overrideOptions in builder.OptionOverrides)
        {
            // Registered after the binding, so they run after it.
            options.Configure(overrideOptions);
        }

        services.AddSingleton(setup);
        services.AddSingleton(static sp => new ActorRegistry(sp.GetRequiredService<RuntimeActorsSetup>().SystemName));
        services.AddSingleton<IActorRegistry>(static sp => sp.GetRequiredService<ActorRegistry>());
        services.AddSingleton(static sp => ActorSystem.Create(
            sp.GetRequiredService<RuntimeActorsSetup>().SystemName,
            sp.GetRequiredService<IOptions<ActorSystemOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService(static sp => new RuntimeActorsHostedService(
            sp.GetRequiredService<RuntimeActorsSetup>(),
            sp.GetRequiredService<ActorRegistry>(),
            sp,
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<RuntimeActorsHostedService>() ?? NullLogger<RuntimeActorsHostedService>.Instance));
        return services;
    }
}
