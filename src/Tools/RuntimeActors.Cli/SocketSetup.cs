namespace RuntimeActors.Cli;

/// <summary>
/// Creates the command's socket with its security, follows its failed handshakes, subscribes it, and binds and
/// connects it as the arguments say.
/// </summary>
internal static class SocketSetup
{
    private const byte XSubSubscribe = 1;

    /// <summary>
    /// The socket, bound and connecting. Each bind prints <c>bound ENDPOINT</c> on <paramref name="diagnostics"/>
    /// with the real endpoint, so that another process can connect to a wildcard port; each failed handshake prints
    /// a line there too (see <see cref="HandshakeReports"/>), so <paramref name="diagnostics"/> must take writes from any thread.
    /// </summary>
    /// <exception cref="ZmqException">A bad endpoint (EINVAL, EPROTONOSUPPORT, EADDRINUSE...).</exception>
    public static async Task<ZSocket> OpenAsync(SocketRuntime runtime, CliRequest request, TextWriter diagnostics, CancellationToken cancellationToken)
    {
        var socket = runtime.CreateSocket(request.Type, OptionsFor(request));
        HandshakeReports.Follow(runtime, socket, diagnostics);
        await SubscribeAsync(socket, request, cancellationToken).ConfigureAwait(false);
        foreach (var endpoint in request.Binds)
        {
            var bound = await socket.BindAsync(endpoint, cancellationToken).ConfigureAwait(false);
            await diagnostics.WriteLineAsync($"bound {bound}").ConfigureAwait(false);
        }

        foreach (var endpoint in request.Connects)
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }

        return socket;
    }

    /// <summary>The socket options a run needs, its security mechanism included.</summary>
    public static SocketOptions OptionsFor(CliRequest request) => request.Security.ApplyTo(new SocketOptions
    {
        Linger = request.Linger,
        SendTimeout = request.Timeout,
        ReceiveTimeout = request.Timeout,

        // Closing drops what is queued for a peer still being connected, so a sender must not queue for one:
        // with ZMQ_IMMEDIATE its sends wait for a finished handshake, and a 'send --connect' that exits at once
        // still delivers. It also keeps round-robin off connections that never come up.
        Immediate = request.Verb is CliVerb.Send or CliVerb.Request,
    });

    private static async Task SubscribeAsync(ZSocket socket, CliRequest request, CancellationToken cancellationToken)
    {
        if (request.Type is not (SocketType.Sub or SocketType.XSub))
        {
            return;
        }

        IReadOnlyList<string> prefixes = request.Subscriptions.Count > 0 ? request.Subscriptions : [string.Empty];
        foreach (var prefix in prefixes)
        {
            if (request.Type == SocketType.Sub)
            {
                socket.Subscribe(prefix);
            }
            else
            {
                // XSUB subscribes by sending the subscription upstream as a message: a 1 byte, then the prefix.
                var subscription = new byte[1 + System.Text.Encoding.UTF8.GetByteCount(prefix)];
                subscription[0] = XSubSubscribe;
                System.Text.Encoding.UTF8.GetBytes(prefix, subscription.AsSpan(1));
                await socket.SendAsync(ZMessage.FromFrames(subscription), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
