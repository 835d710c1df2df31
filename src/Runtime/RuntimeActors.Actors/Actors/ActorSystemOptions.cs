namespace RuntimeActors.Actors;

/// <summary>Settings of an <see cref="ActorSystem"/>; the hosting integration binds them from the <c>RuntimeActors</c> configuration section.</summary>
public sealed class ActorSystemOptions
{
    /// <summary>Messages an actor processes per turn before it yields its thread to other actors. Default 100.</summary>
    public int Throughput { get; set; } = 100;

    /// <summary>The timeout of an Ask that names none. Default 10 seconds.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether dead letters are logged (at Debug level). They are always published on the event stream.</summary>
    public bool LogDeadLetters { get; set; } = true;

    /// <summary>The strategy of the user guardian, which supervises every top-level actor; null means the default. Set in code: it is not bound from configuration.</summary>
    public SupervisorStrategy? GuardianSupervisorStrategy { get; set; }

    internal ActorSystemOptions Validated()
    {
        if (Throughput < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Throughput), Throughput, "Throughput must be at least 1.");
        }

        if (AskTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AskTimeout), AskTimeout, "AskTimeout must be positive.");
        }

        return this;
    }
}
