using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;

namespace RuntimeActors.Hosting;

/// <summary>
/// Akka.Hosting builder extensions: the <see cref="SocketRuntime"/> of the host's actor system, and sockets that are
/// bound or connected when the system starts, registered in the <see cref="ActorRegistry"/> (for
/// <c>IRequiredActor&lt;TKey&gt;</c>) and the <see cref="SocketRegistry"/> (for <see cref="IRequiredSocket{TKey}"/>),
/// and closed when the host stops.
/// <code>
/// services.AddSocketRuntimeServices();
/// services.AddAkka("app", (builder, provider) => builder
///     .WithSocketRuntime(t => t.AddTcp().AddIpc())
///     .WithSocket&lt;Prices&gt;(SocketType.Pub, s => s.Bind("tcp://*:5556")));
/// </code>
/// </summary>
public static class SocketRuntimeHostingExtensions
{
    /// <summary>
    /// Sets up the runtime of the actor system when it starts, with the transports <paramref name="transports"/> adds,
    /// and adds the runtime's defaults (the <c>runtime-actors</c> section) to the system's HOCON as a fallback. When the
    /// system shuts down (in the <c>before-actor-system-terminate</c> phase of its coordinated shutdown) the runtime
    /// is disposed: every socket it created is closed with its linger. Call it before <see cref="WithSocket{TKey}"/>.
    /// </summary>
    /// <param name="builder">The builder of <c>AddAkka</c>.</param>
    /// <param name="transports">Adds the transports: <c>t => t.AddTcp().AddIpc()</c>.</param>
    public static AkkaConfigurationBuilder WithSocketRuntime(this AkkaConfigurationBuilder builder, Action<SocketRuntimeBuilder> transports)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(transports);
        return builder
            .AddHocon(SocketRuntimeSettings.DefaultConfig(), HoconAddMode.Append)
            .WithActors((system, _) =>
            {
                var runtime = SocketRuntime.Create(system, transports);
                CoordinatedShutdown.Get(system).AddTask(
                    CoordinatedShutdown.PhaseBeforeActorSystemTerminate,
                    "dispose-socket-runtime",
                    async () =>
                    {
                        await runtime.DisposeAsync().ConfigureAwait(false);
                        return Done.Instance;
                    });
            });
    }

    /// <summary>
    /// As <see cref="WithSocketRuntime(AkkaConfigurationBuilder, Action{SocketRuntimeBuilder})"/>, with
    /// <paramref name="runtimeConfig"/> overriding the runtime's defaults: HOCON with a <c>runtime-actors</c> section,
    /// such as <c>runtime-actors.socket.linger = 1s</c>.
    /// </summary>
    /// <param name="builder">The builder of <c>AddAkka</c>.</param>
    /// <param name="transports">Adds the transports: <c>t => t.AddTcp().AddIpc()</c>.</param>
    /// <param name="runtimeConfig">HOCON put in front of the system's configuration.</param>
    public static AkkaConfigurationBuilder WithSocketRuntime(this AkkaConfigurationBuilder builder, Action<SocketRuntimeBuilder> transports, Config runtimeConfig)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(runtimeConfig);
        return builder.AddHocon(runtimeConfig, HoconAddMode.Prepend).WithSocketRuntime(transports);
    }

    /// <summary>
    /// Creates a socket of <paramref name="type"/> when the actor system starts, with the options, subscriptions, binds
    /// and connects of <paramref name="configure"/>, and registers it under <typeparamref name="TKey"/>: its actor in
    /// the <see cref="ActorRegistry"/> (so <c>IRequiredActor&lt;TKey&gt;</c> resolves to it; tell it the messages of
    /// <see cref="Zmq"/>), its <see cref="ZSocket"/> in the <see cref="SocketRegistry"/> (so
    /// <see cref="IRequiredSocket{TKey}"/> resolves to it). A bind or connect that fails fails the host's start. The
    /// socket is closed in the <c>service-stop</c> phase of the system's coordinated shutdown, which the host's stop runs.
    /// </summary>
    /// <typeparam name="TKey">The key the socket is registered under, usually an empty class naming its role.</typeparam>
    /// <param name="builder">The builder of <c>AddAkka</c>, on which <see cref="WithSocketRuntime(AkkaConfigurationBuilder, Action{SocketRuntimeBuilder})"/> was called.</param>
    /// <param name="type">The socket type.</param>
    /// <param name="configure">What to do with the socket: <c>s => s.Bind("tcp://*:5556")</c>.</param>
    public static AkkaConfigurationBuilder WithSocket<TKey>(this AkkaConfigurationBuilder builder, SocketType type, Action<SocketSetup> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var setup = new SocketSetup();
        configure(setup);
        return builder.WithActors(async (system, registry) =>
        {
            var runtime = SocketRuntime.Get(system);
            var socket = runtime.CreateSocket(type, setup.BuildOptions(runtime));
            CoordinatedShutdown.Get(system).AddTask(
                CoordinatedShutdown.PhaseServiceStop,
                $"close-socket-{typeof(TKey).Name}",
                async () =>
                {
                    await socket.DisposeAsync().ConfigureAwait(false);
                    return Done.Instance;
                });

            foreach (var topic in setup.Subscriptions)
            {
                socket.Subscribe(topic);
            }

            foreach (var endpoint in setup.Binds)
            {
                await socket.BindAsync(endpoint).ConfigureAwait(false);
            }

            foreach (var endpoint in setup.Connects)
            {
                await socket.ConnectAsync(endpoint).ConfigureAwait(false);
            }

            registry.Register<TKey>(socket.Actor);
            if (!SocketRegistry.For(system).TryRegister<TKey>(socket))
            {
                throw new InvalidOperationException($"a socket is already registered under {typeof(TKey).FullName}");
            }
        });
    }
}
