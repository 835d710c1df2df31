using Akka.Actor;
using Akka.Event;
using Akka.Actor.Setup;
using Akka.Configuration;
using RuntimeActors.Monitoring;
using RuntimeActors.Sockets;
using RuntimeActors.Security;
using RuntimeActors.Transports;

namespace RuntimeActors;

/// <summary>
/// The messaging runtime, as a ZeroMQ context and as an Akka.NET extension (the way Akka.IO's <c>Tcp</c> is one): one
/// runtime per <see cref="ActorSystem"/>, reached with <see cref="Get"/>. It creates sockets, knows the transports
/// they can use, and runs their socket, listener, connecter and session actors in that system. Its defaults come from
/// the system's configuration section <c>runtime-actors</c> (<see cref="SocketRuntimeSettings"/>). Disposing it closes
/// the sockets it created and, if it made its actor system, terminates it; further calls fail with ETERM.
/// </summary>
public sealed partial class SocketRuntime : IExtension, IAsyncDisposable
{
    private readonly TransportRegistry _transports = new();
    private readonly List<ZSocket> _sockets = [];
    private readonly Lock _gate = new();
    private long _nextSocket;
    private bool _ownsSystem;
    // Written under the lock, read without it: every send and receive checks it (zmq_ctx_term's ETERM).
    private volatile bool _terminated;

    internal SocketRuntime(ExtendedActorSystem system)
    {
        System = system;
        system.Settings.InjectTopLevelFallback(SocketRuntimeSettings.DefaultConfig());
        Settings = new SocketRuntimeSettings(system.Settings.Config);
        _zap = new ZapDispatcher(this, Akka.Event.Logging.GetLogger(system, typeof(SocketRuntime)));
    }

    // A program that is not an Akka app did not ask for Akka's informational lines on its standard output.
    private static readonly Config OwnSystemDefaults = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters-during-shutdown = off
        """);

    /// <summary>The actor system the sockets' actors run in.</summary>
    public ActorSystem System { get; }

    /// <summary>The settings read from the system's configuration.</summary>
    public SocketRuntimeSettings Settings { get; }

    /// <summary>The names of the transports endpoints can use.</summary>
    public IEnumerable<string> Transports => _transports.Names;

    /// <summary>The runtime of <paramref name="system"/>, set up with no transports on first use.</summary>
    public static SocketRuntime Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension<SocketRuntime, SocketRuntimeExtension>();
    }

    /// <summary>Creates a runtime with its own actor system, terminated when the runtime is disposed.</summary>
    public static SocketRuntime Create(Action<SocketRuntimeBuilder>? configure = null)
    {
        var builder = new SocketRuntimeBuilder();
        configure?.Invoke(builder);
        var config = (builder.Config ?? Config.Empty).WithFallback(OwnSystemDefaults);
        // ActorSystem.Create(name, setup) also reads app.config's akka section, and then discards it when the setup has a
        // config: System.Configuration's first use costs some 50 ms of a cold start, so only a setup takes that path.
        var system = builder.Setup is { } more
            ? ActorSystem.Create(builder.SystemName, BootstrapSetup.Create().WithConfig(config).And(more))
            : ActorSystem.Create(builder.SystemName, config);
        var runtime = Get(system);
        runtime._ownsSystem = true;
        runtime._transports.Add(builder.Transports);
        return runtime;
    }

    /// <summary>
    /// Sets up (or returns, adding the transports it lacks) the runtime of <paramref name="system"/>, whose sockets are
    /// actors of that system. Disposing it closes its sockets but leaves the system running.
    /// </summary>
    public static SocketRuntime Create(ActorSystem system, Action<SocketRuntimeBuilder>? configure = null)
    {
        var runtime = Get(system);
        var builder = new SocketRuntimeBuilder();
        configure?.Invoke(builder);
        runtime._transports.Add(builder.Transports);
        return runtime;
    }

    /// <summary>The socket options this runtime's configuration gives by default, to adjust before creating a socket.</summary>
    public SocketOptions CreateOptions() => Settings.DefaultSocketOptions;

    /// <summary>Creates a socket for code that is not an actor; without <paramref name="options"/>, with <see cref="CreateOptions"/>.</summary>
    /// <exception cref="ZmqException">ETERM: the runtime is disposed; EINVAL: invalid options.</exception>
    public ZSocket CreateSocket(SocketType type, SocketOptions? options = null)
    {
        var context = NewContext(type, options);
        var actor = ((ExtendedActorSystem)System).SystemActorOf(SocketActor.Props(context, receiver: null), NextSocketName(type));
        var socket = new ZSocket(this, context, actor);
        lock (_gate)
        {
            ThrowIfTerminated();
            _sockets.Add(socket);
        }

        return socket;
    }

    /// <summary>
    /// Props of a socket actor for code that is itself an actor: create it with <c>Context.ActorOf</c> and tell it
    /// the messages of <see cref="Zmq"/>. Received messages are told to <paramref name="receiver"/> as
    /// <see cref="Zmq.Received"/>, at most <see cref="SocketOptions.ReceiveWindow"/> of them unacknowledged.
    /// </summary>
    public Props SocketProps(SocketType type, SocketOptions? options = null, IActorRef? receiver = null)
    {
        ThrowIfTerminated();
        return SocketActor.Props(NewContext(type, options), receiver);
    }

    /// <summary>Closes every socket it created (each with its linger) and terminates the actor system if the runtime made it.</summary>
    public async ValueTask DisposeAsync()
    {
        ZSocket[] sockets;
        lock (_gate)
        {
            if (_terminated)
            {
                return;
            }

            _terminated = true;
            sockets = [.. _sockets];
        }

        // The ZAP client's receive loop ends before its socket closes with the others.
        await _zap.DisposeAsync().ConfigureAwait(false);

        foreach (var socket in sockets)
        {
            await socket.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsSystem)
        {
            await System.Terminate().ConfigureAwait(false);
        }
    }

    internal bool IsTerminated => _terminated;

    internal void Forget(ZSocket socket)
    {
        lock (_gate)
        {
            _sockets.Remove(socket);
        }
    }

    private SocketContext NewContext(SocketType type, SocketOptions? options)
    {
        ThrowIfTerminated();
        var settled = (options ?? Settings.DefaultSocketOptions).Clone().Validated();
        var core = SocketCoreFactory.Create(type, settled);
        return new SocketContext(type, settled, core, _transports, new SocketMonitor(System.EventStream), Settings.Dispatcher)
        {
            Security = ZmtpSecurity.From(settled, _zap),
        };
    }

    private string NextSocketName(SocketType type) =>
        $"socket-{Wire.ZmtpSocketTypeNames.ToWireName(type).ToLowerInvariant()}-{Interlocked.Increment(ref _nextSocket)}";

    private void ThrowIfTerminated()
    {
        if (IsTerminated || System.WhenTerminated.IsCompleted)
        {
            throw new ZmqException(ZmqError.Terminated, null, "the runtime is terminated");
        }
    }
}
