namespace RuntimeActors.Cli;

/// <summary><c>request</c>: sends each request and prints its reply before sending the next.</summary>
internal static class RequestVerb
{
    public static async Task RunAsync(ZSocket socket, CliRequest request, CliConsole console, CancellationToken cancellationToken)
    {
        var dealer = request.Type == SocketType.Dealer;
        await foreach (var text in MessageSource.ReadAsync(request.Messages, console.In, cancellationToken).ConfigureAwait(false))
        {
            var message = Frames.Split(text, request.Separator);
            await socket.SendAsync(dealer ? Replies.AsDealerRequest(message) : message, cancellationToken).ConfigureAwait(false);
            var reply = await socket.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            var bodyStart = dealer ? Replies.DealerReplyBodyStart(reply) : 0;
            await console.Out.WriteLineAsync(Frames.Join(reply, request.Separator, bodyStart)).ConfigureAwait(false);
        }
    }
}
