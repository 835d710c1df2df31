namespace RuntimeActors.Actors;

/// <summary>What a supervisor does with a child that failed.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; go on with the next message.</summary>
    Resume,

    /// <summary>Replace the instance with a fresh one from its props; the mailbox is kept.</summary>
    Restart,

    /// <summary>Stop the child.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the child's exception, for its own supervisor to decide.</summary>
    Escalate,
}
