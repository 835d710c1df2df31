namespace RuntimeActors.TestKit;

/// <summary>Waits on tasks that tests need in more than one project.</summary>
public static class TaskWaits
{
    /// <summary>
    /// Awaits <paramref name="expected"/> for at most <paramref name="timeout"/>: whether it came. Tests that must send
    /// in rounds until a receiver hears them (a PGM receiver starts at the first packet it sees) await the event this
    /// way between rounds, rather than racing it against a delay.
    /// </summary>
    public static async Task<bool> AwaitWithinAsync(Task expected, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(expected);
        try
        {
            await expected.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
