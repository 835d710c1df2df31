using System.CommandLine;
using System.CommandLine.Invocation;

namespace RuntimeActors.Cli;

/// <summary>
/// The command line of ractors: <c>VERB TYPE (--bind EP | --connect EP)... [options] [MESSAGE...]</c>, or
/// <c>keygen</c>. Parsing is a pure function of the arguments, so that every rule is tested without starting a socket.
/// </summary>
internal static class CliCommandLine
{
    /// <summary>The frame separator when <c>--sep</c> is not given.</summary>
    public const string DefaultSeparator = "|";

    private const string TypeArgument = "TYPE";
    private const string MessageArgument = "MESSAGE";
    private const string BindOption = "--bind";
    private const string ConnectOption = "--connect";
    private const string SubscribeOption = "--subscribe";
    private const string CountOption = "--count";
    private const string TimeoutOption = "--timeout";
    private const string DelayOption = "--delay";
    private const string LingerOption = "--linger";
    private const string SeparatorOption = "--sep";
    private const string PrefixOption = "--prefix";
    private const string StatsOption = "--stats";
    private const string KeygenCommand = "keygen";

    /// <summary>Reads <paramref name="args"/> into a run, a request for help, or the reason they are invalid.</summary>
    public static ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        // A message such as "@alice" is a message, not the name of a file of more arguments.
        var parse = BuildRoot().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // The commands have no actions of their own: any action is the parser's help, version or a directive.
        if (parse.Action is not (null or ParseErrorAction))
        {
            return ParsedCommandLine.ShowHelp(parse);
        }

        var verb = parse.CommandResult.Command is RootCommand ? null : parse.CommandResult.Command.Name;
        if (parse.Errors.Count > 0)
        {
            return Invalid(verb, string.Join(Environment.NewLine, parse.Errors.Select(error => error.Message)));
        }

        if (verb is null)
        {
            return Invalid(null, "name a command: send, recv, reply, request or keygen");
        }

        if (verb == KeygenCommand)
        {
            return ParsedCommandLine.GenerateKeys();
        }

        return OptionTakenForMessage(parse) is { } unknown
            ? Invalid(verb, $"unknown option '{unknown}'; a message that starts with '-' goes after '--'")
            : Bind(parse, verb);
    }

    /// <summary>The commands, their arguments and options, with the help text they print.</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Drives RuntimeActors sockets from a shell. Every bind prints 'bound ENDPOINT' on standard error. " +
            "A handshake that fails prints 'handshake failed (auth CODE) ENDPOINT' or 'handshake failed (protocol ERROR) ENDPOINT' there. " +
            "Exit codes: 0 done, 2 bad usage or endpoint, 3 timeout, 1 any other failure.");

        var send = NewVerb("send", CliVerb.Send, "Sends each MESSAGE, or each line of standard input when no MESSAGE is given, then exits.");
        send.Options.Add(MillisecondsOption(DelayOption, "Waits MS milliseconds before the first send (lets subscribers join a PUB)."));
        send.Arguments.Add(Messages("The messages to send, frames separated by --sep; none reads standard input, one message a line."));
        root.Subcommands.Add(send);

        var recv = NewVerb("recv", CliVerb.Recv, "Prints each message received on one line, frames joined by --sep.");
        recv.Options.Add(new Option<string[]>(SubscribeOption)
        {
            Description = "SUB and XSUB: subscribes to messages whose first frame starts with PREFIX; none subscribes to everything.",
            HelpName = "PREFIX",
            Arity = ArgumentArity.ZeroOrMore,
        });
        recv.Options.Add(CountOptionOf("Exits after N messages."));
        root.Subcommands.Add(recv);

        var reply = NewVerb("reply", CliVerb.Reply, "Prints each request and answers it with the same frames, --prefix put before the last one.");
        reply.Options.Add(CountOptionOf("Exits after answering N requests."));
        reply.Options.Add(new Option<string>(PrefixOption)
        {
            Description = "What to put before the last frame of each request to make the reply.",
            HelpName = "P",
            DefaultValueFactory = _ => string.Empty,
        });
        root.Subcommands.Add(reply);

        var request = NewVerb("request", CliVerb.Request, "Sends each MESSAGE as a request and prints its reply. DEALER sends an empty delimiter frame first, as REQ does, so that it can talk to REP.");
        request.Arguments.Add(Messages("The requests, frames separated by --sep; none reads standard input, one request a line."));
        root.Subcommands.Add(request);

        // After each verb's own options, so that its help lists those first.
        foreach (var verb in root.Subcommands)
        {
            CliSecurityOptions.AddTo(verb);
        }

        root.Subcommands.Add(new Command(
            KeygenCommand,
            "Prints a new CURVE key pair as 'public: KEY' and 'secret: KEY', each 40 Z85 characters: the secret for a server's " +
            "--curve-server or a client's --curve-secret, the public key for a client's --curve-serverkey or a server's --curve-allow."));

        return root;
    }

    private static Command NewVerb(string name, CliVerb verb, string description)
    {
        var allowed = string.Join(", ", SocketTypeNames.AllowedFor(verb).Select(SocketTypeNames.Name));
        var command = new Command(name, description);
        command.Arguments.Add(new Argument<string>(TypeArgument) { Description = $"The socket type, in any case: {allowed}." });
        command.Options.Add(new Option<string[]>(BindOption)
        {
            Description = "Binds to EP (repeatable), e.g. tcp://127.0.0.1:* for a free port; prints 'bound ENDPOINT'. Binds come before connects.",
            HelpName = "EP",
            Arity = ArgumentArity.ZeroOrMore,
        });
        command.Options.Add(new Option<string[]>(ConnectOption)
        {
            Description = "Connects to EP (repeatable), e.g. tcp://127.0.0.1:5555.",
            HelpName = "EP",
            Arity = ArgumentArity.ZeroOrMore,
        });
        command.Options.Add(MillisecondsOption(TimeoutOption, "Gives up (exit code 3) when a send or receive takes longer than MS milliseconds. Default: wait forever."));
        command.Options.Add(MillisecondsOption(LingerOption, "Waits at most MS milliseconds at exit for queued messages to reach connected peers; -1 (default) waits until they do."));
        command.Options.Add(new Option<bool>(StatsOption)
        {
            Description = "At exit, prints the socket's state to stderr: 'stats socket=TYPE bound=.. connected=.. peers=N inbound_queued=N dropped=N' " +
                "and one 'stats peer endpoint=EP remote=ADDR type=TYPE sent=N received=N queued=N' per peer.",
        });
        command.Options.Add(new Option<string>(SeparatorOption)
        {
            Description = "Separates the frames of a message, in messages given and printed.",
            HelpName = "S",
            DefaultValueFactory = _ => DefaultSeparator,
        });
        return command;
    }

    private static Option<int?> MillisecondsOption(string name, string description) =>
        new(name) { Description = description, HelpName = "MS" };

    private static Option<int?> CountOptionOf(string description) =>
        new(CountOption) { Description = description, HelpName = "N" };

    private static Argument<string[]> Messages(string description) =>
        new(MessageArgument) { Description = description, Arity = ArgumentArity.ZeroOrMore };

    private static ParsedCommandLine Bind(ParseResult parse, string verbName)
    {
        var verb = Enum.Parse<CliVerb>(verbName, ignoreCase: true);
        var typeName = parse.GetValue<string>(TypeArgument) ?? string.Empty;
        if (!SocketTypeNames.TryParse(typeName, out var type))
        {
            return Invalid(verbName, $"unknown socket type '{typeName}'; expected one of {string.Join(", ", SocketTypeNames.Names)}");
        }

        var allowed = SocketTypeNames.AllowedFor(verb);
        if (!allowed.Contains(type))
        {
            return Invalid(verbName, $"'{verbName}' cannot drive a {SocketTypeNames.Name(type)} socket; use {string.Join(", ", allowed.Select(SocketTypeNames.Name))}");
        }

        var binds = Value<string[]>(parse, BindOption) ?? [];
        var connects = Value<string[]>(parse, ConnectOption) ?? [];
        if (binds.Length + connects.Length == 0)
        {
            return Invalid(verbName, "give at least one --bind EP or --connect EP");
        }

        var subscriptions = Value<string[]>(parse, SubscribeOption) ?? [];
        if (subscriptions.Length > 0 && type is not (SocketType.Sub or SocketType.XSub))
        {
            return Invalid(verbName, $"--subscribe applies to SUB and XSUB sockets, not {SocketTypeNames.Name(type)}");
        }

        var count = Value<int?>(parse, CountOption);
        if (count is < 1)
        {
            return Invalid(verbName, $"--count must be at least 1, not {count}");
        }

        var timeout = Value<int?>(parse, TimeoutOption);
        if (timeout is < -1)
        {
            return Invalid(verbName, $"--timeout must be -1 (forever) or at least 0 milliseconds, not {timeout}");
        }

        var delay = Value<int?>(parse, DelayOption);
        if (delay is < 0)
        {
            return Invalid(verbName, $"--delay must be at least 0 milliseconds, not {delay}");
        }

        var linger = Value<int?>(parse, LingerOption);
        if (linger is < -1)
        {
            return Invalid(verbName, $"--linger must be -1 (forever) or at least 0 milliseconds, not {linger}");
        }

        var separator = Value<string>(parse, SeparatorOption) ?? DefaultSeparator;
        if (separator.Length == 0)
        {
            return Invalid(verbName, "--sep must not be empty");
        }

        var security = CliSecurityOptions.Bind(parse, out var securityError);
        if (security is null)
        {
            return Invalid(verbName, securityError!);
        }

        return ParsedCommandLine.Run(new CliRequest(
            verb,
            type,
            binds,
            connects,
            subscriptions,
            count,
            Milliseconds(timeout),
            TimeSpan.FromMilliseconds(delay ?? 0),
            Milliseconds(linger),
            separator,
            Value<string>(parse, PrefixOption) ?? string.Empty,
            Value<string[]>(parse, MessageArgument) ?? [])
        {
            Security = security,
            Stats = Value<bool>(parse, StatsOption),
        });
    }

    /// <summary>
    /// The first message that looks like an option (<c>-x</c>, <c>--xyz</c>) and is not after <c>--</c>. The parser
    /// takes any token it does not know as a message, so a misspelt or misplaced option would be sent instead of
    /// being reported; a negative number stays a message.
    /// </summary>
    private static string? OptionTakenForMessage(ParseResult parse)
    {
        var argument = parse.CommandResult.Command.Arguments.FirstOrDefault(a => a.Name == MessageArgument);
        if (argument is null || parse.GetResult(argument) is not { } messages)
        {
            return null;
        }

        // Every message after '--' is one of the last tokens, so only the ones before them can be options.
        var doubleDash = parse.Tokens.ToList().FindIndex(token => token.Type == System.CommandLine.Parsing.TokenType.DoubleDash);
        var afterDoubleDash = doubleDash < 0 ? 0 : parse.Tokens.Count - doubleDash - 1;
        return messages.Tokens
            .Take(Math.Max(0, messages.Tokens.Count - afterDoubleDash))
            .Select(token => token.Value)
            .FirstOrDefault(LooksLikeOption);
    }

    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && (char.IsAsciiLetter(token[1]) || token[1] == '-');

    /// <summary>The value of the option or argument <paramref name="name"/>, or the default when the verb has none.</summary>
    private static T? Value<T>(ParseResult parse, string name)
    {
        var command = parse.CommandResult.Command;
        var defined = command.Options.Any(option => option.Name == name) || command.Arguments.Any(argument => argument.Name == name);
        return defined ? parse.GetValue<T>(name) : default;
    }

    /// <summary>Milliseconds as a time span; absent and -1 both mean forever, as with libzmq's options.</summary>
    private static TimeSpan Milliseconds(int? value) =>
        value is null or -1 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(value.Value);

    private static ParsedCommandLine Invalid(string? verb, string error)
    {
        var help = verb is null ? "ractors --help" : $"ractors {verb} --help";
        return ParsedCommandLine.Invalid($"{error}{Environment.NewLine}Run '{help}' for usage.");
    }
}
