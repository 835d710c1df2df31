using RuntimeActors.Actors;
using RuntimeActors.Monitoring;
using RuntimeActors.Sockets;
using RuntimeActors.Transports;

namespace RuntimeActors;

/// <summary>
/// The messaging runtime, as a ZeroMQ context: it creates sockets, knows the transports they can use, and
/// runs their actors in an actor system (its own, or one it is given to embed in). Disposing it closes its
/// sockets and, if it made its actor system, terminates it; further calls fail with ETERM.
/// </summary>
public sealed class SocketRuntime : IAsyncDisposable
{
    private readonly TransportRegistry _transports;
    private readonly bool _ownsSystem;
    private readonly List<ZSocket> _sockets = [];
    private readonly Lock _gate = new();
    private long _nextSocket;
    // Written under the lock, read without it: every send and receive checks it (zmq_ctx_term's ETERM).
    private volatile bool _terminated;

    private SocketRuntime(ActorSystem system, bool ownsSystem, SocketRuntimeBuilder builder)
    {
        System = system;
        _ownsSystem = ownsSystem;
        _transports = new TransportRegistry(builder.Transports);
    }

    /// <summary>The actor system the sockets' actors run in.</summary>
    public ActorSystem System { get; }

    /// <summary>The names of the transports endpoints can use.</summary>
    public IEnumerable<string> Transports => _transports.Names;

    /// <summary>Creates a runtime with its own actor system.</summary>
    public static SocketRuntime Create(Action<SocketRuntimeBuilder>? configure = null)
    {
        var builder = new SocketRuntimeBuilder();
        configure?.Invoke(builder);
        return new SocketRuntime(ActorSystem.Create(builder.SystemName, builder.SystemOptions, builder.LoggerFactory), ownsSystem: true, builder);
    }

    /// <summary>Creates a runtime whose sockets are actors of <paramref name="system"/>.</summary>
    public static SocketRuntime Create(ActorSystem system, Action<SocketRuntimeBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var builder = new SocketRuntimeBuilder();
        configure?.Invoke(builder);
        return new SocketRuntime(system, ownsSystem: false, builder);
    }

    /// <summary>Creates a socket for code that is not an actor.</summary>
    /// <exception cref="ZmqException">ETERM: the runtime is disposed; EINVAL: invalid options.</exception>
    public ZSocket CreateSocket(SocketType type, SocketOptions? options = null)
    {
        var context = NewContext(type, options);
        var actor = System.ActorOf(SocketActor.Props(context, receiver: null), NextSocketName(type));
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
    /// <see cref="Zmq.Received"/>.
    /// </summary>
    public Props SocketProps(SocketType type, SocketOptions? options = null, IActorRef? receiver = null)
    {
        ThrowIfTerminated();
        return SocketActor.Props(NewContext(type, options), receiver);
    }

    /// <summary>Closes every socket (each with its linger) and terminates the actor system if the runtime made it.</summary>
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
        var settled = (options ?? new SocketOptions()).Clone().Validated();
        var core = SocketCoreFactory.Create(type, settled);
        return new SocketContext(type, settled, core, _transports, new SocketMonitor(System.EventStream), System.LoggerFactory, System.TimeProvider);
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
