using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RuntimeActors.Hosting;

/// <summary>
/// Services through which code that is not an actor reaches the runtime and sockets set up with Akka.Hosting. They
/// are registered on the service collection rather than by <see cref="SocketRuntimeHostingExtensions"/> because
/// Akka.Hosting runs the <c>AddAkka</c> callback (and with it every builder extension) only when the container is
/// already built and closed to new services.
/// </summary>
public static class AkkaSocketServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SocketRuntime"/> (the runtime of the host's <see cref="ActorSystem"/>),
    /// <see cref="SocketRegistry"/> and <see cref="IRequiredSocket{TKey}"/> as singletons. Call it beside
    /// <c>services.AddAkka(...)</c>; calling it again changes nothing.
    /// </summary>
    public static IServiceCollection AddSocketRuntimeServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => SocketRuntime.Get(sp.GetRequiredService<ActorSystem>()));
        services.TryAddSingleton(sp => SocketRegistry.For(sp.GetRequiredService<ActorSystem>()));
        services.TryAdd(ServiceDescriptor.Singleton(typeof(IRequiredSocket<>), typeof(RequiredSocket<>)));
        return services;
    }
}
