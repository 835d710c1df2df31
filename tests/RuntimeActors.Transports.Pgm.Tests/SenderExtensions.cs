namespace RuntimeActors.Transports.Pgm.Tests;

internal static class SenderExtensions
{
    /// <summary>Sends <paramref name="message"/> in a packet of its own: the sender packs messages until flushed.</summary>
    public static async Task SendNowAsync(this PgmConnection sender, ZMessage message, CancellationToken cancellationToken)
    {
        await sender.SendAsync(message, cancellationToken);
        await sender.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Awaits <paramref name="expected"/> for at most <paramref name="timeout"/>: whether it came. Tests that must send
    /// until a PGM receiver hears them (it starts at the first packet it sees) await the event this way between rounds.
    /// </summary>
    public static async Task<bool> AwaitWithinAsync(Task expected, TimeSpan timeout)
    {
        try
        {
            await expected.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
