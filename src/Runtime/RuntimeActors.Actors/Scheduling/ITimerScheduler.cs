namespace RuntimeActors.Actors;

/// <summary>
/// Timers owned by an actor: their messages arrive in the actor's mailbox, and every timer is cancelled when
/// the actor stops or restarts. Starting a timer with a key that is active replaces it, and a message of a
/// cancelled or replaced timer that is already in the mailbox is discarded.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="message"/> to the actor once, after <paramref name="delay"/>.</summary>
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>Sends <paramref name="message"/> to the actor every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>Sends <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>Whether the timer <paramref name="key"/> is active.</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer <paramref name="key"/>, if active.</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer of the actor.</summary>
    void CancelAll();
}
