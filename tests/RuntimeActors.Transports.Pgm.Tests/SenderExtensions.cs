namespace RuntimeActors.Transports.Pgm.Tests;

internal static class SenderExtensions
{
    /// <summary>Sends <paramref name="message"/> in a packet of its own: the sender packs messages until flushed.</summary>
    public static async Task SendNowAsync(this PgmConnection sender, ZMessage message, CancellationToken cancellationToken)
    {
        await sender.SendAsync(message, cancellationToken);
        await sender.FlushAsync(cancellationToken);
    }
}
