namespace RuntimeActors.Cli;

/// <summary>The exit codes of the ractors command; scripts and other languages' test suites rely on them.</summary>
internal static class ExitCodes
{
    /// <summary>Every message was sent, received or answered.</summary>
    public const int Success = 0;

    /// <summary>Anything not covered by a more specific code.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or a bad endpoint (EINVAL, EPROTONOSUPPORT, EADDRINUSE...).</summary>
    public const int Usage = 2;

    /// <summary>A send or receive did not complete within <c>--timeout</c>.</summary>
    public const int Timeout = 3;

    /// <summary>Stopped by SIGINT (128 + 2), as shells report it.</summary>
    public const int Interrupted = 130;
}
