namespace RuntimeActors.Actors;

/// <summary>A scheduled action that can be cancelled; disposing cancels too.</summary>
public interface ICancelable : IDisposable
{
    /// <summary>Whether <see cref="Cancel"/> was called.</summary>
    bool IsCancellationRequested { get; }

    /// <summary>Prevents any further run of the scheduled action.</summary>
    void Cancel();
}
