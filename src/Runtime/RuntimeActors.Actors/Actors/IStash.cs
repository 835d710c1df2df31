namespace RuntimeActors.Actors;

/// <summary>Sets messages aside to process them later, in their original order.</summary>
public interface IStash
{
    /// <summary>Sets the message being processed aside.</summary>
    /// <exception cref="InvalidOperationException">The same message was already stashed.</exception>
    void Stash();

    /// <summary>Puts the oldest stashed message back at the head of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts every stashed message back at the head of the mailbox, oldest first.</summary>
    void UnstashAll();

    /// <summary>Drops every stashed message and returns them.</summary>
    IReadOnlyList<object> ClearStash();

    /// <summary>The number of stashed messages.</summary>
    int Count { get; }
}
