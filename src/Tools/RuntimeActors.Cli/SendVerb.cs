namespace RuntimeActors.Cli;

/// <summary><c>send</c>: sends each message, then exits once they have reached the connected peers (see --linger).</summary>
internal static class SendVerb
{
    public static async Task RunAsync(ZSocket socket, CliRequest request, CliConsole console, CancellationToken cancellationToken)
    {
        if (request.Delay > TimeSpan.Zero)
        {
            await Task.Delay(request.Delay, cancellationToken).ConfigureAwait(false);
        }

        await foreach (var text in MessageSource.ReadAsync(request.Messages, console.In, cancellationToken).ConfigureAwait(false))
        {
            await socket.SendAsync(Frames.Split(text, request.Separator), cancellationToken).ConfigureAwait(false);
        }
    }
}
