namespace RuntimeActors.Actors;

/// <summary>An actor with one handler for every message; call <see cref="ActorBase.Unhandled"/> for what it does not know.</summary>
public abstract class UntypedActor : ActorBase
{
    /// <summary>Handles <paramref name="message"/>.</summary>
    protected abstract void OnReceive(object message);

    /// <inheritdoc />
    protected sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }

    /// <summary>Replaces the behaviour with <paramref name="receive"/>.</summary>
    protected void Become(Action<object> receive) => Context.Become(message =>
    {
        receive(message);
        return true;
    });
}
