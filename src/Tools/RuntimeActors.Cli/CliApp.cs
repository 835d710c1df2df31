using System.CommandLine;

namespace RuntimeActors.Cli;

/// <summary>Runs the command: parses the arguments, drives the socket, and turns every outcome into an exit code.</summary>
internal static class CliApp
{
    /// <summary>Runs <paramref name="args"/> and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var parsed = CliCommandLine.Parse(args);
        if (parsed.Help is { } help)
        {
            return await help.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken).ConfigureAwait(false);
        }

        if (parsed.Error is { } error)
        {
            return await FailAsync(console, ExitCodes.Usage, error).ConfigureAwait(false);
        }

        try
        {
            if (parsed.Keygen)
            {
                return await KeygenAsync(console).ConfigureAwait(false);
            }

            // The socket's failed handshakes are written from the actor system's threads while the verb writes too.
            var shared = console with { Error = TextWriter.Synchronized(console.Error) };
            return await RunAsync(parsed.Request!, shared, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(console, ExitCodes.Interrupted, "interrupted").ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return await FailAsync(console, ExitCodes.Failure, e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>Prints a new CURVE key pair, public key first, as <c>public: KEY</c> and <c>secret: KEY</c>.</summary>
    private static async Task<int> KeygenAsync(CliConsole console)
    {
        var keys = CurveKeyPair.Generate();
        await console.Out.WriteLineAsync($"public: {keys.PublicKeyZ85}").ConfigureAwait(false);
        await console.Out.WriteLineAsync($"secret: {keys.SecretKeyZ85}").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<int> RunAsync(CliRequest request, CliConsole console, CancellationToken cancellationToken)
    {
        await using var runtime = SocketRuntime.Create(CliTransports.Register);

        // The built-in ZAP handler, for --plain-allow users or --curve-allow keys; none otherwise.
        using var zap = request.Security.Authenticator() is { } authenticator ? runtime.UseZapHandler(authenticator.HandleAsync) : null;
        ZSocket socket;
        try
        {
            socket = await SocketSetup.OpenAsync(runtime, request, console.Error, cancellationToken).ConfigureAwait(false);
        }
        catch (ZmqException e)
        {
            // Before any message moves, every socket error is about the endpoints the user gave.
            return await FailAsync(console, ExitCodes.Usage, e.Message).ConfigureAwait(false);
        }

        try
        {
            var running = request.Verb switch
            {
                CliVerb.Send => SendVerb.RunAsync(socket, request, console, cancellationToken),
                CliVerb.Recv => RecvVerb.RunAsync(socket, request, console, cancellationToken),
                CliVerb.Reply => ReplyVerb.RunAsync(socket, request, console, cancellationToken),
                CliVerb.Request => RequestVerb.RunAsync(socket, request, console, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(request), request.Verb, null),
            };
            await running.ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (ZmqException e) when (e.Error == ZmqError.WouldBlock)
        {
            return await FailAsync(console, ExitCodes.Timeout, $"timeout: {e.Message}").ConfigureAwait(false);
        }
        finally
        {
            if (request.Stats)
            {
                await SocketStats.WriteAsync(await socket.GetStatusAsync(CancellationToken.None).ConfigureAwait(false), console.Error).ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> FailAsync(CliConsole console, int exitCode, string message)
    {
        await console.Error.WriteLineAsync($"ractors: {message}").ConfigureAwait(false);
        return exitCode;
    }
}
