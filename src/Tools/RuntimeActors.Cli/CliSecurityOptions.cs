using System.CommandLine;
using System.Text;

namespace RuntimeActors.Cli;

/// <summary>
/// The security options every verb takes, and the rules that turn them into a <see cref="CliSecurity"/>: one
/// mechanism, one side of it, and keys and credentials in their form. Pure, like the rest of the parsing.
/// </summary>
internal static class CliSecurityOptions
{
    public const string CurveServerOption = "--curve-server";
    public const string CurveServerKeyOption = "--curve-serverkey";
    public const string CurveSecretOption = "--curve-secret";
    public const string CurveAllowOption = "--curve-allow";
    public const string PlainServerOption = "--plain-server";
    public const string PlainAllowOption = "--plain-allow";
    public const string PlainUserOption = "--plain-user";
    public const string ZapDomainOption = "--zap-domain";

    /// <summary>A CURVE key in Z85: 32 bytes, 5 characters for every 4.</summary>
    private const int KeyZ85Chars = 40;

    /// <summary>What RFC 23 and RFC 27 fit in a length byte: user names, passwords and ZAP domains.</summary>
    private const int MaxShortStringBytes = 255;

    /// <summary>Adds the security options, with their help, to a verb.</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(new Option<string>(CurveServerOption)
        {
            Description = "Makes the socket a CURVE server with the secret key SECRET (40 Z85 characters, as 'ractors keygen' prints them); " +
                "its public key, derived from SECRET, goes to the clients' --curve-serverkey. Any client key is accepted unless --curve-allow is given.",
            HelpName = "SECRET",
        });
        command.Options.Add(new Option<string[]>(CurveAllowOption)
        {
            Description = "With --curve-server: accepts only clients whose public key is PUBLIC (repeatable), through a built-in ZAP handler; " +
                "any other client is refused (ZAP status 400).",
            HelpName = "PUBLIC",
            Arity = ArgumentArity.ZeroOrMore,
        });
        command.Options.Add(new Option<string>(CurveServerKeyOption)
        {
            Description = "Makes the socket a CURVE client of the server whose public key is PUBLIC (40 Z85 characters).",
            HelpName = "PUBLIC",
        });
        command.Options.Add(new Option<string>(CurveSecretOption)
        {
            Description = "With --curve-serverkey: the client's own secret key (40 Z85 characters), its public key derived from it, " +
                "for a server that allows clients by key. Default: a fresh key pair.",
            HelpName = "SECRET",
        });
        command.Options.Add(new Option<bool>(PlainServerOption)
        {
            Description = "Makes the socket a PLAIN server that accepts the users of --plain-allow, through a built-in ZAP handler.",
        });
        command.Options.Add(new Option<string[]>(PlainAllowOption)
        {
            Description = "With --plain-server: accepts the user USER with the password PASSWORD, everything after the first ':' (repeatable, at least one).",
            HelpName = "USER:PASSWORD",
            Arity = ArgumentArity.ZeroOrMore,
        });
        command.Options.Add(new Option<string>(PlainUserOption)
        {
            Description = "Makes the socket a PLAIN client with the user name USER and the password PASSWORD, everything after the first ':'.",
            HelpName = "USER:PASSWORD",
        });
        command.Options.Add(new Option<string>(ZapDomainOption)
        {
            Description = "With --plain-server or --curve-server: the ZAP domain (ZMQ_ZAP_DOMAIN) the server's authentication requests name.",
            HelpName = "D",
        });
    }

    /// <summary>The security the options of <paramref name="parse"/> ask for, or why they do not go together.</summary>
    public static CliSecurity? Bind(ParseResult parse, out string? error)
    {
        var curveServer = parse.GetValue<string>(CurveServerOption);
        var curveServerKey = parse.GetValue<string>(CurveServerKeyOption);
        var curveSecret = parse.GetValue<string>(CurveSecretOption);
        var curveAllow = parse.GetValue<string[]>(CurveAllowOption) ?? [];
        var plainServer = parse.GetValue<bool>(PlainServerOption);
        var plainAllow = parse.GetValue<string[]>(PlainAllowOption) ?? [];
        var plainUser = parse.GetValue<string>(PlainUserOption);
        var zapDomain = parse.GetValue<string>(ZapDomainOption);

        error = CheckKey(CurveServerOption, curveServer)
            ?? CheckKey(CurveServerKeyOption, curveServerKey)
            ?? CheckKey(CurveSecretOption, curveSecret)
            ?? curveAllow.Select(key => CheckKey(CurveAllowOption, key)).FirstOrDefault(e => e is not null);
        if (error is not null)
        {
            return null;
        }

        var allowed = new List<PlainCredentials>();
        foreach (var text in plainAllow)
        {
            if (!TryCredentials(PlainAllowOption, text, out var credentials, out error))
            {
                return null;
            }

            allowed.Add(credentials!);
        }

        PlainCredentials? user = null;
        if (plainUser is not null && !TryCredentials(PlainUserOption, plainUser, out user, out error))
        {
            return null;
        }

        var curve = curveServer is not null || curveServerKey is not null || curveSecret is not null || curveAllow.Length > 0;
        var plain = plainServer || allowed.Count > 0 || user is not null;
        error = (curve, plain) switch
        {
            (true, true) => "the --plain-* and --curve-* options exclude each other: a socket uses one security mechanism",
            _ when curveServer is not null && curveServerKey is not null =>
                $"{CurveServerOption} and {CurveServerKeyOption} exclude each other: a socket is either the CURVE server or its client",
            _ when curveSecret is not null && curveServerKey is null =>
                $"{CurveSecretOption} is a CURVE client's secret key and goes with {CurveServerKeyOption} PUBLIC; a server's secret key is {CurveServerOption}'s",
            _ when curveAllow.Length > 0 && curveServer is null =>
                $"{CurveAllowOption} lists the clients a CURVE server accepts and goes with {CurveServerOption} SECRET",
            _ when plainServer && user is not null =>
                $"{PlainServerOption} and {PlainUserOption} exclude each other: a socket is either the PLAIN server or its client",
            _ when allowed.Count > 0 && !plainServer =>
                $"{PlainAllowOption} lists the users a PLAIN server accepts and goes with {PlainServerOption}",
            _ when plainServer && allowed.Count == 0 =>
                $"{PlainServerOption} needs at least one {PlainAllowOption} USER:PASSWORD: without one it refuses every client",
            _ when zapDomain is not null && curveServer is null && !plainServer =>
                $"{ZapDomainOption} names the ZAP domain of a server and goes with {PlainServerOption} or {CurveServerOption}",
            _ when zapDomain is not null && Encoding.UTF8.GetByteCount(zapDomain) > MaxShortStringBytes =>
                $"{ZapDomainOption} must be at most {MaxShortStringBytes} bytes of UTF-8, not {Encoding.UTF8.GetByteCount(zapDomain)}",
            _ => null,
        };

        return error is null
            ? new CliSecurity(curveServer, curveServerKey, curveSecret, curveAllow, plainServer, allowed, user, zapDomain)
            : null;
    }

    /// <summary>Why <paramref name="key"/> is not a CURVE key in Z85, without repeating it (it may be a secret); null if it is one.</summary>
    private static string? CheckKey(string option, string? key)
    {
        if (key is null)
        {
            return null;
        }

        if (key.Length != KeyZ85Chars)
        {
            return $"{option} takes a CURVE key of {KeyZ85Chars} Z85 characters, as 'ractors keygen' prints them; this one has {key.Length}";
        }

        try
        {
            // Decode names the offending character or group; the key itself stays out of the message.
            _ = Z85.Decode(key);
            return null;
        }
        catch (FormatException e)
        {
            return $"{option} takes a CURVE key in Z85: {e.Message}";
        }
    }

    /// <summary>Reads <c>USER:PASSWORD</c>, splitting at the first ':' so that a password may hold more.</summary>
    private static bool TryCredentials(string option, string text, out PlainCredentials? credentials, out string? error)
    {
        credentials = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            error = $"{option} takes USER:PASSWORD, a ':' after the user name; this one has no ':'";
            return false;
        }

        var user = text[..colon];
        var password = text[(colon + 1)..];
        error = user.Length == 0
            ? $"{option} takes USER:PASSWORD with a user name before the ':'; this one has none"
            : Encoding.UTF8.GetByteCount(user) > MaxShortStringBytes
                ? $"{option}: the user name must be at most {MaxShortStringBytes} bytes of UTF-8"
                : Encoding.UTF8.GetByteCount(password) > MaxShortStringBytes
                    ? $"{option}: the password must be at most {MaxShortStringBytes} bytes of UTF-8"
                    : null;
        if (error is not null)
        {
            return false;
        }

        credentials = new PlainCredentials(user, password);
        return true;
    }
}
