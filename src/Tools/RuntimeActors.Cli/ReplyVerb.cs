namespace RuntimeActors.Cli;

/// <summary><c>reply</c>: prints each request's body and answers it, until --count requests were answered.</summary>
internal static class ReplyVerb
{
    public static async Task RunAsync(ZSocket socket, CliRequest request, CliConsole console, CancellationToken cancellationToken)
    {
        for (var answered = 0; request.Count is not { } count || answered < count; answered++)
        {
            var received = await socket.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            var bodyStart = request.Type == SocketType.Router ? Replies.RouterBodyStart(received) : 0;
            await console.Out.WriteLineAsync(Frames.Join(received, request.Separator, bodyStart)).ConfigureAwait(false);
            await socket.SendAsync(Replies.Answer(received, request.Prefix), cancellationToken).ConfigureAwait(false);
        }
    }
}
