namespace RuntimeActors.Actors;

/// <summary>An actor failed while being created, started or restarted. Supervisors stop such actors by default.</summary>
public sealed class ActorInitializationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActorInitializationException() { }

    /// <summary>Creates the exception.</summary>
    public ActorInitializationException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ActorInitializationException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception for <paramref name="actor"/>.</summary>
    public ActorInitializationException(IActorRef? actor, string message, Exception? inner)
        : base(message, inner) => Actor = actor;

    /// <summary>The actor that failed to initialize, when known.</summary>
    public IActorRef? Actor { get; }
}

/// <summary>Thrown inside an actor that received <see cref="Kill"/>.</summary>
public sealed class ActorKilledException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActorKilledException() : base("Kill") { }

    /// <summary>Creates the exception.</summary>
    public ActorKilledException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ActorKilledException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Thrown when an actor receives <see cref="Terminated"/> for a watched actor and does not handle it.</summary>
public sealed class DeathPactException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeathPactException() { }

    /// <summary>Creates the exception.</summary>
    public DeathPactException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public DeathPactException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception for the death of <paramref name="deadActor"/>.</summary>
    public DeathPactException(IActorRef deadActor)
        : base($"Monitored actor [{deadActor.Path}] terminated and its Terminated message was not handled.") => DeadActor = deadActor;

    /// <summary>The watched actor whose Terminated was unhandled.</summary>
    public IActorRef? DeadActor { get; }
}

/// <summary>An Ask got no reply in time.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public AskTimeoutException() { }

    /// <summary>Creates the exception.</summary>
    public AskTimeoutException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public AskTimeoutException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A child name is empty, reserved or already taken.</summary>
public sealed class InvalidActorNameException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException() { }

    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException(string message, Exception inner) : base(message, inner) { }
}
