namespace RuntimeActors.Cli;

/// <summary><c>recv</c>: prints each message on one line until --count messages came.</summary>
internal static class RecvVerb
{
    public static async Task RunAsync(ZSocket socket, CliRequest request, CliConsole console, CancellationToken cancellationToken)
    {
        for (var received = 0; request.Count is not { } count || received < count; received++)
        {
            var message = await socket.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(Frames.Join(message, request.Separator)).ConfigureAwait(false);
        }
    }
}
