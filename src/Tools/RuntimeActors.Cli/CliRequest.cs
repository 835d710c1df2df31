namespace RuntimeActors.Cli;

/// <summary>One run of the command, as its arguments describe it.</summary>
/// <param name="Verb">What to do.</param>
/// <param name="Type">The socket type.</param>
/// <param name="Binds">Endpoints to bind, in order; bound before any connect.</param>
/// <param name="Connects">Endpoints to connect to, in order.</param>
/// <param name="Subscriptions">Prefixes a SUB or XSUB subscribes to; empty subscribes to everything.</param>
/// <param name="Count">How many messages to receive or answer before exiting; null for no limit.</param>
/// <param name="Timeout">How long each send or receive may wait.</param>
/// <param name="Delay">How long to wait before the first send.</param>
/// <param name="Linger">How long closing waits for queued messages to reach connected peers.</param>
/// <param name="Separator">What separates frames in messages given and printed.</param>
/// <param name="Prefix">What a reply puts before the request's last frame.</param>
/// <param name="Messages">The messages to send; empty reads them from standard input, one a line.</param>
internal sealed record CliRequest(
    CliVerb Verb,
    SocketType Type,
    IReadOnlyList<string> Binds,
    IReadOnlyList<string> Connects,
    IReadOnlyList<string> Subscriptions,
    int? Count,
    TimeSpan Timeout,
    TimeSpan Delay,
    TimeSpan Linger,
    string Separator,
    string Prefix,
    IReadOnlyList<string> Messages)
{
    /// <summary>The security mechanism, its keys or credentials, and the ZAP policy; NULL by default.</summary>
    public CliSecurity Security { get; init; } = CliSecurity.None;

    /// <summary>--stats: print the socket's status (<see cref="Zmq.GetStatus"/>) to stderr when the verb is done.</summary>
    public bool Stats { get; init; }
}
