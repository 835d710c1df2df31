using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RuntimeActors.Actors;

/// <summary>
/// A hierarchy of actors with its event stream, scheduler and dead letters. Top-level actors made with
/// <see cref="ActorOf"/> live under <c>/user</c>; <see cref="Terminate"/> stops the tree bottom-up.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _root;
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ActorSystem(string name, ActorSystemOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        Name = name;
        Options = options;
        LoggerFactory = loggerFactory;
        TimeProvider = timeProvider;
        Log = loggerFactory.CreateLogger<ActorSystem>();
        EventStream = new EventStream();
        Scheduler = new Scheduler(timeProvider);
        var rootPath = ActorPath.Root(name);
        DeadLetters = new DeadLetterActorRef(this, rootPath.Child("deadLetters"));

        _root = new ActorCell(this, Props.Create(() => new RootGuardian()), new RootParentRef(this, rootPath.Child("$root-parent")), rootPath);
        var userStrategy = options.GuardianSupervisorStrategy ?? SupervisorStrategy.Default;
        _userGuardian = _root.AttachChild(Props.Create(() => new Guardian(userStrategy)), "user");
        _systemGuardian = _root.AttachChild(Props.Create(() => new Guardian(SupervisorStrategy.Default)), "system");

        // The root starts last so that its PreStart finds the user guardian to watch.
        _root.Start();
        KernelLog.SystemStarted(Log, name);
    }

    /// <summary>The system's name, the first element of every actor path.</summary>
    public string Name { get; }

    /// <summary>The settings the system was created with.</summary>
    public ActorSystemOptions Options { get; }

    /// <summary>The factory of every logger in the system.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The clock of timers, the scheduler, Ask timeouts and supervision windows.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The system-wide publish/subscribe bus.</summary>
    public EventStream EventStream { get; }

    /// <summary>Sends messages and runs actions later.</summary>
    public Scheduler Scheduler { get; }

    /// <summary>Messages sent here, and messages to stopped actors, are published as <see cref="DeadLetter"/>.</summary>
    public IActorRef DeadLetters { get; }

    /// <summary>Completes when the whole hierarchy has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal ILogger Log { get; }

    /// <summary>Creates and starts an actor system.</summary>
    /// <param name="name">The system name: letters, digits, '-' and '_'.</param>
    /// <param name="options">Settings; null for defaults.</param>
    /// <param name="loggerFactory">Where actors log; null for none.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    public static ActorSystem Create(string name, ActorSystemOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ValidateName(name);
        return new ActorSystem(name, (options ?? new ActorSystemOptions()).Validated(), loggerFactory ?? NullLoggerFactory.Instance, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    /// <param name="props">The recipe of the actor.</param>
    /// <param name="name">A unique top-level name, or null for a generated one.</param>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken.</exception>
    /// <exception cref="InvalidOperationException">The system is terminating.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.AttachChild(props, name).Self;

    /// <summary>Stops <paramref name="actor"/> after the message it is processing; its children stop first.</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is LocalActorRef local && !ReferenceEquals(local.Cell.System, this))
        {
            throw new ArgumentException($"[{actor.Path}] belongs to another actor system than {Name}.", nameof(actor));
        }

        if (actor is InternalActorRef target)
        {
            target.SendSystemMessage(StopSignal.Instance);
        }
    }

    /// <summary>Stops every actor, children before parents, and completes when the system has terminated.</summary>
    public Task Terminate()
    {
        _userGuardian.SelfRef.SendSystemMessage(StopSignal.Instance);
        return WhenTerminated;
    }

    /// <summary>Terminates the system and waits for it.</summary>
    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    /// <inheritdoc />
    public override string ToString() => $"ActorSystem({Name})";

    /// <summary>Creates an actor of the runtime itself under <c>/system</c>.</summary>
    internal IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.AttachChild(props, name).Self;

    internal void PublishDeadLetter(object message, IActorRef? sender, IActorRef recipient)
    {
        if (Options.LogDeadLetters && Log.IsEnabled(LogLevel.Debug))
        {
            KernelLog.DeadLetter(Log, message.GetType().Name, sender?.Path.ToString() ?? "no sender", recipient.Path);
        }

        EventStream.Publish(new DeadLetter(message, sender, recipient));
    }

    internal void OnRootFailed(Exception cause)
    {
        KernelLog.RootFailed(Log, cause, Name);
        _root.SelfRef.SendSystemMessage(StopSignal.Instance);
    }

    internal void OnRootTerminated()
    {
        KernelLog.SystemTerminated(Log, Name);
        _terminated.TrySetResult();
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                throw new ArgumentException($"Actor system name '{name}' is invalid: use letters, digits, '-' and '_'.", nameof(name));
            }
        }
    }
}
