using System.Collections.Frozen;

namespace RuntimeActors.Cli;

/// <summary>The socket type names the command accepts, and which types each verb can drive.</summary>
internal static class SocketTypeNames
{
    private static readonly FrozenDictionary<string, SocketType> ByName = Enum.GetValues<SocketType>()
        .ToFrozenDictionary(type => type.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Every name, upper case, as the help lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<SocketType>().Select(Name)];

    /// <summary>The type named <paramref name="name"/>, in any case; false for anything else, numbers included.</summary>
    public static bool TryParse(string name, out SocketType type) => ByName.TryGetValue(name, out type);

    /// <summary>The upper-case name of <paramref name="type"/>, as the ZeroMQ manuals write it.</summary>
    public static string Name(SocketType type) => type.ToString().ToUpperInvariant();

    /// <summary>
    /// The types <paramref name="verb"/> can drive. Send-only or receive-only use of ROUTER, REQ and REP would need
    /// envelopes or lockstep the verb does not provide, so those go through reply and request instead.
    /// </summary>
    public static IReadOnlyList<SocketType> AllowedFor(CliVerb verb) => verb switch
    {
        CliVerb.Send => [SocketType.Push, SocketType.Pub, SocketType.XPub, SocketType.Dealer, SocketType.Pair],
        CliVerb.Recv => [SocketType.Pull, SocketType.Sub, SocketType.XSub, SocketType.Dealer, SocketType.Pair],
        CliVerb.Reply => [SocketType.Rep, SocketType.Router],
        CliVerb.Request => [SocketType.Req, SocketType.Dealer],
        _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, null),
    };
}
