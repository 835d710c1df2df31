namespace RuntimeActors.Actors;

/// <summary>
/// The recipe for an actor: how to make a fresh instance (at start and at every restart) and how to
/// supervise its children.
/// </summary>
public sealed class Props
{
    private Props(Type actorType, Func<ActorBase> factory, SupervisorStrategy? supervisorStrategy, int? throughput)
    {
        ActorType = actorType;
        Factory = factory;
        SupervisorStrategy = supervisorStrategy;
        Throughput = throughput;
    }

    /// <summary>The type of the actor the props create.</summary>
    public Type ActorType { get; }

    /// <summary>The strategy for the actor's children, unless the actor overrides <see cref="ActorBase.SupervisorStrategy"/>.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>Messages processed per turn before the actor yields its thread, or null for the system's setting.</summary>
    public int? Throughput { get; }

    internal Func<ActorBase> Factory { get; }

    /// <summary>Props that create <typeparamref name="TActor"/> with its parameterless constructor.</summary>
    public static Props Create<TActor>()
        where TActor : ActorBase, new() => new(typeof(TActor), static () => new TActor(), null, null);

    /// <summary>Props that create actors with <paramref name="factory"/>; it must return a new instance at every call.</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new(typeof(TActor), factory, null, null);
    }

    /// <summary>A copy with <paramref name="strategy"/> for the actor's children.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => new(ActorType, Factory, strategy, Throughput);

    /// <summary>A copy that processes up to <paramref name="throughput"/> messages per turn.</summary>
    public Props WithThroughput(int throughput)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throughput, 1);
        return new(ActorType, Factory, SupervisorStrategy, throughput);
    }

    /// <inheritdoc />
    public override string ToString() => $"Props({ActorType.Name})";
}
