namespace RuntimeActors.Actors;

/// <summary>
/// Lifecycle and supervision signals. They travel in their own queue and overtake user messages,
/// and they are processed even while the actor is suspended after a failure.
/// </summary>
internal abstract record SystemMessage;

internal sealed record Create : SystemMessage
{
    public static readonly Create Instance = new();
}

internal sealed record StopSignal : SystemMessage
{
    public static readonly StopSignal Instance = new();
}

/// <summary>The supervisor's Resume directive: the actor keeps its state and goes on with the next message.</summary>
internal sealed record Resume(Exception Cause) : SystemMessage;

internal sealed record Recreate(Exception Cause) : SystemMessage;

internal sealed record Failed(IActorRef Child, Exception Cause) : SystemMessage;

internal sealed record Watch(IActorRef Watchee, IActorRef Watcher) : SystemMessage;

internal sealed record Unwatch(IActorRef Watchee, IActorRef Watcher) : SystemMessage;

internal sealed record DeathWatchNotification(IActorRef Actor, bool ExistenceConfirmed) : SystemMessage;
