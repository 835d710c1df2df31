using System.CommandLine;

namespace RuntimeActors.Cli;

/// <summary>What the arguments ask for: a run, help, or nothing valid.</summary>
internal sealed class ParsedCommandLine
{
    private ParsedCommandLine(CliRequest? request, string? error, ParseResult? help, bool keygen = false)
    {
        Request = request;
        Error = error;
        Help = help;
        Keygen = keygen;
    }

    /// <summary>The run asked for, or null.</summary>
    public CliRequest? Request { get; }

    /// <summary>What is wrong with the arguments, or null.</summary>
    public string? Error { get; }

    /// <summary>The parse whose help (or version) action prints what was asked for, or null.</summary>
    public ParseResult? Help { get; }

    /// <summary>Whether the arguments ask for a new CURVE key pair (<c>ractors keygen</c>).</summary>
    public bool Keygen { get; }

    /// <summary>A valid run.</summary>
    public static ParsedCommandLine Run(CliRequest request) => new(request, null, null);

    /// <summary>Bad usage, explained by <paramref name="error"/>.</summary>
    public static ParsedCommandLine Invalid(string error) => new(null, error, null);

    /// <summary>A request for a new CURVE key pair.</summary>
    public static ParsedCommandLine GenerateKeys() => new(null, null, null, keygen: true);

    /// <summary>A request for help or the version, answered by <paramref name="parse"/>'s action.</summary>
    public static ParsedCommandLine ShowHelp(ParseResult parse) => new(null, null, parse);
}
