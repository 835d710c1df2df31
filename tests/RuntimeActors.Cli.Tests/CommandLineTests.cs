using RuntimeActors.Cli;

namespace RuntimeActors.Cli.Tests;

public sealed class CommandLineTests
{
    private static CliRequest Valid(params string[] args)
    {
        var parsed = CliCommandLine.Parse(args);
        Assert.Null(parsed.Error);
        Assert.Null(parsed.Help);
        return Assert.IsType<CliRequest>(parsed.Request);
    }

    private static string Invalid(params string[] args)
    {
        var parsed = CliCommandLine.Parse(args);
        Assert.Null(parsed.Request);
        Assert.Null(parsed.Help);
        return Assert.IsType<string>(parsed.Error);
    }

    [Fact]
    public void Send_reads_type_in_any_case_endpoints_and_messages_with_defaults()
    {
        var request = Valid("send", "pUsH", "--bind", "tcp://127.0.0.1:*", "--connect", "tcp://127.0.0.1:5555", "a|b", "c");

        Assert.Equal(CliVerb.Send, request.Verb);
        Assert.Equal(SocketType.Push, request.Type);
        Assert.Equal(["tcp://127.0.0.1:*"], request.Binds);
        Assert.Equal(["tcp://127.0.0.1:5555"], request.Connects);
        Assert.Equal(["a|b", "c"], request.Messages);
        Assert.Equal("|", request.Separator);
        Assert.Equal(TimeSpan.Zero, request.Delay);
        Assert.Equal(Timeout.InfiniteTimeSpan, request.Linger);
        Assert.Equal(Timeout.InfiniteTimeSpan, request.Timeout);
        Assert.Null(request.Count);
        Assert.Empty(request.Subscriptions);
    }

    [Fact]
    public void Repeated_binds_and_connects_keep_their_order()
    {
        var request = Valid("recv", "PULL", "--connect", "tcp://a:1", "--bind", "tcp://*:2", "--connect", "tcp://b:3", "--bind", "tcp://*:4");

        Assert.Equal(["tcp://*:2", "tcp://*:4"], request.Binds);
        Assert.Equal(["tcp://a:1", "tcp://b:3"], request.Connects);
    }

    [Fact]
    public void Send_takes_delay_linger_timeout_and_separator()
    {
        var request = Valid("send", "pub", "--bind", "tcp://*:*", "--delay", "250", "--linger", "0", "--timeout", "1500", "--sep", "::", "x::y");

        Assert.Equal(TimeSpan.FromMilliseconds(250), request.Delay);
        Assert.Equal(TimeSpan.Zero, request.Linger);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), request.Timeout);
        Assert.Equal("::", request.Separator);
    }

    [Fact]
    public void Minus_one_means_forever_as_with_libzmq_options()
    {
        var request = Valid("recv", "pull", "--bind", "tcp://*:*", "--timeout", "-1", "--linger", "-1");

        Assert.Equal(Timeout.InfiniteTimeSpan, request.Timeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, request.Linger);
    }

    [Fact]
    public void Send_without_messages_reads_standard_input()
    {
        Assert.Empty(Valid("send", "push", "--connect", "tcp://127.0.0.1:5555").Messages);
    }

    [Fact]
    public void Options_may_follow_the_messages()
    {
        var request = Valid("send", "push", "hello", "--connect", "tcp://127.0.0.1:5555", "world");

        Assert.Equal(["hello", "world"], request.Messages);
        Assert.Equal(["tcp://127.0.0.1:5555"], request.Connects);
    }

    [Fact]
    public void A_message_may_start_with_an_at_sign_or_after_a_double_dash_with_a_dash()
    {
        var request = Valid("send", "push", "--connect", "tcp://127.0.0.1:5555", "@alice", "--", "-1", "--bind");

        Assert.Equal(["@alice", "-1", "--bind"], request.Messages);
        Assert.Empty(request.Binds);
    }

    [Fact]
    public void Recv_takes_subscriptions_count_and_timeout()
    {
        var request = Valid("recv", "SUB", "--connect", "tcp://127.0.0.1:5555", "--subscribe", "news", "--subscribe", "", "--count", "3", "--timeout", "500");

        Assert.Equal(CliVerb.Recv, request.Verb);
        Assert.Equal(SocketType.Sub, request.Type);
        Assert.Equal(["news", ""], request.Subscriptions);
        Assert.Equal(3, request.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(500), request.Timeout);
    }

    [Fact]
    public void Reply_takes_prefix_and_count()
    {
        var request = Valid("reply", "router", "--bind", "tcp://*:*", "--prefix", "re: ", "--count", "1");

        Assert.Equal(CliVerb.Reply, request.Verb);
        Assert.Equal(SocketType.Router, request.Type);
        Assert.Equal("re: ", request.Prefix);
        Assert.Equal(1, request.Count);
    }

    [Fact]
    public void Reply_prefix_is_empty_by_default_so_that_it_echoes()
    {
        Assert.Equal(string.Empty, Valid("reply", "rep", "--bind", "tcp://*:*").Prefix);
    }

    [Fact]
    public void Request_takes_dealer_and_messages()
    {
        var request = Valid("request", "Dealer", "--connect", "tcp://127.0.0.1:5555", "one", "two|2");

        Assert.Equal(CliVerb.Request, request.Verb);
        Assert.Equal(SocketType.Dealer, request.Type);
        Assert.Equal(["one", "two|2"], request.Messages);
    }

    [Theory]
    [InlineData("send", "SUB")]
    [InlineData("send", "PULL")]
    [InlineData("send", "REQ")]
    [InlineData("recv", "PUSH")]
    [InlineData("recv", "PUB")]
    [InlineData("reply", "DEALER")]
    [InlineData("request", "REP")]
    [InlineData("request", "ROUTER")]
    public void A_verb_refuses_socket_types_it_cannot_drive(string verb, string type)
    {
        var error = Invalid(verb, type, "--bind", "tcp://*:*");

        Assert.Contains($"cannot drive a {type} socket", error, StringComparison.Ordinal);
        Assert.Contains($"ractors {verb} --help", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FOO")]
    [InlineData("8")]
    [InlineData("Push,Pull")]
    public void Unknown_socket_types_are_refused_even_when_enum_parsing_would_take_them(string type)
    {
        Assert.Contains($"unknown socket type '{type}'", Invalid("send", type, "--bind", "tcp://*:*"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_endpoint_is_required()
    {
        Assert.Contains("at least one --bind EP or --connect EP", Invalid("recv", "pull"), StringComparison.Ordinal);
    }

    [Fact]
    public void Subscribe_applies_to_sub_and_xsub_only()
    {
        Assert.Contains("--subscribe applies to SUB and XSUB", Invalid("recv", "pull", "--bind", "tcp://*:*", "--subscribe", "a"), StringComparison.Ordinal);
        Assert.Equal(["a"], Valid("recv", "xsub", "--bind", "tcp://*:*", "--subscribe", "a").Subscriptions);
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--timeout", "-2")]
    [InlineData("--linger", "-5")]
    public void Out_of_range_numbers_are_refused(string option, string value)
    {
        Assert.Contains($"{option} must be", Invalid("recv", "pull", "--bind", "tcp://*:*", option, value), StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_delay_is_refused()
    {
        Assert.Contains("--delay must be", Invalid("send", "push", "--bind", "tcp://*:*", "--delay", "-1"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_that_is_not_one_is_refused()
    {
        Assert.Contains("ten", Invalid("recv", "pull", "--bind", "tcp://*:*", "--count", "ten"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_separator_is_refused()
    {
        Assert.Contains("--sep must not be empty", Invalid("recv", "pull", "--bind", "tcp://*:*", "--sep", ""), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_of_other_verbs_and_misspelt_ones_are_refused_rather_than_sent()
    {
        Assert.Contains("unknown option '--count'", Invalid("send", "push", "--bind", "tcp://*:*", "--count", "1", "m"), StringComparison.Ordinal);
        Assert.Contains("unknown option '--conect'", Invalid("request", "req", "--conect", "tcp://a:1", "m"), StringComparison.Ordinal);
        Assert.Contains("unknown option '-x'", Invalid("send", "push", "--bind", "tcp://*:*", "m", "-x", "--", "-y"), StringComparison.Ordinal);
        Invalid("recv", "pull", "--bind", "tcp://*:*", "--delay", "1");
        Invalid("recv", "pull", "--bind", "tcp://*:*", "stray");
    }

    [Fact]
    public void Negative_numbers_and_a_lone_dash_are_messages()
    {
        Assert.Equal(["-1", "-", "-2.5"], Valid("send", "push", "--bind", "tcp://*:*", "-1", "-", "-2.5").Messages);
    }

    [Fact]
    public void A_separator_or_prefix_may_start_with_a_dash()
    {
        Assert.Equal("-", Valid("send", "push", "--bind", "tcp://*:*", "--sep", "-", "a-b").Separator);
        Assert.Equal("-x", Valid("reply", "rep", "--bind", "tcp://*:*", "--prefix", "-x").Prefix);

        // A lone "--" ends the options, so a value that is exactly "--" is written with '='.
        Assert.Equal("--", Valid("reply", "rep", "--bind", "tcp://*:*", "--prefix=--").Prefix);
    }

    [Fact]
    public void A_command_is_required()
    {
        Assert.Contains("ractors --help", Invalid(), StringComparison.Ordinal);
        Invalid("listen", "pull");
    }

    [Fact]
    public void Keygen_takes_no_arguments_nor_options()
    {
        Assert.True(CliCommandLine.Parse(["keygen"]).Keygen);
        Assert.Contains("ractors keygen --help", Invalid("keygen", "extra"), StringComparison.Ordinal);
        Assert.Contains("--curve-server", Invalid("keygen", "--curve-server", "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"), StringComparison.Ordinal);
        Assert.NotNull(CliCommandLine.Parse(["keygen", "--help"]).Help);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("send", "--help")]
    [InlineData("recv", "-h")]
    [InlineData("--version")]
    public void Help_and_version_are_answered_by_the_parser(params string[] args)
    {
        var parsed = CliCommandLine.Parse(args);

        Assert.NotNull(parsed.Help);
        Assert.Null(parsed.Request);
        Assert.Null(parsed.Error);
    }
}
