using RuntimeActors.Cli;

namespace RuntimeActors.Cli.Tests;

/// <summary>The security options as the parser reads them: each option, each verb, and every combination it refuses.</summary>
public sealed class SecurityCommandLineTests
{
    // libzmq's test keys (tests/testutil_security.cpp): valid Z85, and not secret.
    private const string ServerPublic = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
    private const string ServerSecret = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";
    private const string ClientPublic = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
    private const string ClientSecret = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs";
    private const string Endpoint = "tcp://127.0.0.1:5555";

    private static CliSecurity Valid(params string[] args)
    {
        var parsed = CliCommandLine.Parse(["recv", "pull", "--bind", Endpoint, .. args]);
        Assert.Null(parsed.Error);
        return Assert.IsType<CliRequest>(parsed.Request).Security;
    }

    private static string Invalid(params string[] args)
    {
        var parsed = CliCommandLine.Parse(["recv", "pull", "--bind", Endpoint, .. args]);
        Assert.Null(parsed.Request);
        Assert.Null(parsed.Help);
        var error = Assert.IsType<string>(parsed.Error);
        Assert.Contains("ractors recv --help", error, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void Without_security_options_a_socket_uses_null()
    {
        var security = Valid();

        Assert.Null(security.CurveServerSecret);
        Assert.Null(security.CurveServerKey);
        Assert.Null(security.CurveSecret);
        Assert.Empty(security.CurveAllow);
        Assert.False(security.PlainServer);
        Assert.Empty(security.PlainAllow);
        Assert.Null(security.PlainUser);
        Assert.Null(security.ZapDomain);
        Assert.Null(security.Authenticator());
        Assert.Equal(SecurityMechanism.Null, security.ApplyTo(new SocketOptions()).Mechanism);
    }

    [Theory]
    [InlineData("send", "push")]
    [InlineData("recv", "pull")]
    [InlineData("reply", "rep")]
    [InlineData("request", "req")]
    public void Every_verb_takes_the_security_options(string verb, string type)
    {
        var server = CliCommandLine.Parse([verb, type, "--bind", Endpoint, "--curve-server", ServerSecret, "--curve-allow", ClientPublic, "--zap-domain", "d"]);
        var client = CliCommandLine.Parse([verb, type, "--connect", Endpoint, "--plain-user", "u:p"]);

        Assert.Equal(ServerSecret, Assert.IsType<CliRequest>(server.Request).Security.CurveServerSecret);
        Assert.Equal(new PlainCredentials("u", "p"), Assert.IsType<CliRequest>(client.Request).Security.PlainUser);
    }

    [Fact]
    public void Curve_server_takes_its_secret_and_accepts_any_client_key_without_curve_allow()
    {
        var security = Valid("--curve-server", ServerSecret);

        Assert.Equal(ServerSecret, security.CurveServerSecret);
        Assert.Empty(security.CurveAllow);

        // No ZAP handler, as libzmq without one: any client key gets through.
        Assert.Null(security.Authenticator());
    }

    [Fact]
    public void Curve_server_options_derive_the_public_key_from_the_secret()
    {
        var options = Valid("--curve-server", ServerSecret).ApplyTo(new SocketOptions());

        Assert.Equal(SecurityMechanism.Curve, options.Mechanism);
        Assert.True(options.CurveServer);
        Assert.Equal(ServerPublic, Z85.Encode(options.CurvePublicKey.Span));
        Assert.Equal(ServerSecret, Z85.Encode(options.CurveSecretKey.Span));
    }

    [Fact]
    public void Curve_allow_repeats_and_installs_an_authenticator_of_those_keys()
    {
        var security = Valid("--curve-server", ServerSecret, "--curve-allow", ClientPublic, "--curve-allow", ServerPublic);

        Assert.Equal([ClientPublic, ServerPublic], security.CurveAllow);
        Assert.NotNull(security.Authenticator());
    }

    [Fact]
    public void Curve_serverkey_alone_makes_a_client_with_a_fresh_key_pair()
    {
        var security = Valid("--curve-serverkey", ServerPublic);

        Assert.Equal(ServerPublic, security.CurveServerKey);
        Assert.Null(security.CurveSecret);
        Assert.Null(security.Authenticator());
        var options = security.ApplyTo(new SocketOptions());
        Assert.Equal(SecurityMechanism.Curve, options.Mechanism);
        Assert.False(options.CurveServer);
        Assert.Equal(ServerPublic, Z85.Encode(options.CurveServerKey.Span));
    }

    [Fact]
    public void Curve_secret_gives_the_client_its_own_key_pair()
    {
        var security = Valid("--curve-serverkey", ServerPublic, "--curve-secret", ClientSecret);

        Assert.Equal(ClientSecret, security.CurveSecret);
        var options = security.ApplyTo(new SocketOptions());
        Assert.Equal(ClientPublic, Z85.Encode(options.CurvePublicKey.Span));
        Assert.Equal(ClientSecret, Z85.Encode(options.CurveSecretKey.Span));
    }

    [Fact]
    public void A_key_may_start_with_a_dash()
    {
        // '-' is a Z85 character: "-0000" and "--000" are groups like any other.
        foreach (var key in new[] { "-" + new string('0', 39), "--" + new string('0', 38) })
        {
            Assert.Equal(key, Valid("--curve-serverkey", key).CurveServerKey);
            Assert.Equal(key, Valid("--curve-server", key).CurveServerSecret);
        }
    }

    [Fact]
    public void Plain_server_takes_its_users_splitting_at_the_first_colon()
    {
        var security = Valid("--plain-server", "--plain-allow", "admin:secret", "--plain-allow", "bob:a:b", "--plain-allow", "eve:");

        Assert.True(security.PlainServer);
        Assert.Equal([new("admin", "secret"), new("bob", "a:b"), new PlainCredentials("eve", "")], security.PlainAllow);
        Assert.NotNull(security.Authenticator());
        Assert.Equal(SecurityMechanism.Plain, security.ApplyTo(new SocketOptions()).Mechanism);
    }

    [Fact]
    public void Plain_server_is_a_flag_that_leaves_the_next_argument_a_message()
    {
        var parsed = CliCommandLine.Parse(["send", "push", "--bind", Endpoint, "--plain-allow", "a:b", "--plain-server", "hello"]);

        var request = Assert.IsType<CliRequest>(parsed.Request);
        Assert.True(request.Security.PlainServer);
        Assert.Equal(["hello"], request.Messages);
    }

    [Fact]
    public void Plain_user_makes_a_client_with_those_credentials()
    {
        var security = Valid("--plain-user", "admin:s3:cret");

        Assert.Equal(new PlainCredentials("admin", "s3:cret"), security.PlainUser);
        Assert.Null(security.Authenticator());
        var options = security.ApplyTo(new SocketOptions());
        Assert.Equal("admin", options.PlainUsername);
        Assert.Equal("s3:cret", options.PlainPassword);
    }

    [Fact]
    public void Credentials_print_without_the_password()
    {
        Assert.DoesNotContain("secret", new PlainCredentials("admin", "secret").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--plain-server", "--plain-allow", "a:b")]
    [InlineData("--curve-server", ServerSecret)]
    public void Zap_domain_goes_to_a_server(params string[] server)
    {
        var security = Valid([.. server, "--zap-domain", "global"]);

        Assert.Equal("global", security.ZapDomain);
        Assert.Equal("global", security.ApplyTo(new SocketOptions()).ZapDomain);
    }

    [Fact]
    public void Curve_server_and_curve_serverkey_exclude_each_other()
    {
        var error = Invalid("--curve-server", ServerSecret, "--curve-serverkey", ServerPublic);

        Assert.Contains("--curve-server and --curve-serverkey exclude each other", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Curve_secret_belongs_to_a_client()
    {
        Assert.Contains("--curve-secret", Invalid("--curve-secret", ClientSecret), StringComparison.Ordinal);
        Assert.Contains("--curve-secret", Invalid("--curve-server", ServerSecret, "--curve-secret", ClientSecret), StringComparison.Ordinal);
    }

    [Fact]
    public void Curve_allow_belongs_to_a_curve_server()
    {
        Assert.Contains("--curve-allow", Invalid("--curve-allow", ClientPublic), StringComparison.Ordinal);
        Assert.Contains("--curve-allow", Invalid("--curve-serverkey", ServerPublic, "--curve-allow", ClientPublic), StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_allow_without_plain_server_is_refused()
    {
        var error = Invalid("--plain-allow", "admin:secret");

        Assert.Contains("--plain-allow", error, StringComparison.Ordinal);
        Assert.Contains("--plain-server", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_server_needs_a_user_to_allow()
    {
        Assert.Contains("--plain-server needs at least one --plain-allow", Invalid("--plain-server"), StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_server_and_plain_user_exclude_each_other()
    {
        var error = Invalid("--plain-server", "--plain-allow", "a:b", "--plain-user", "a:b");

        Assert.Contains("--plain-server and --plain-user exclude each other", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--plain-user", "a:b", "--curve-serverkey", ServerPublic)]
    [InlineData("--plain-server", "--plain-allow", "a:b", "--curve-server", ServerSecret)]
    [InlineData("--plain-allow", "a:b", "--curve-allow", ClientPublic)]
    public void Plain_and_curve_options_exclude_each_other(params string[] args)
    {
        Assert.Contains("--plain-* and --curve-* options exclude each other", Invalid(args), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData()]
    [InlineData("--curve-serverkey", ServerPublic)]
    [InlineData("--plain-user", "a:b")]
    public void Zap_domain_without_a_server_is_refused(params string[] args)
    {
        var error = Invalid([.. args, "--zap-domain", "global"]);

        Assert.Contains("--zap-domain", error, StringComparison.Ordinal);
        Assert.Contains("--plain-server or --curve-server", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Zap_domain_is_at_most_255_bytes()
    {
        Valid("--curve-server", ServerSecret, "--zap-domain", new string('d', 255));

        Assert.Contains("--zap-domain must be at most 255 bytes", Invalid("--curve-server", ServerSecret, "--zap-domain", new string('d', 256)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--curve-server")]
    [InlineData("--curve-serverkey")]
    [InlineData("--curve-secret")]
    [InlineData("--curve-allow")]
    public void A_key_that_is_not_40_z85_characters_is_refused_naming_the_option_but_not_the_key(string option)
    {
        string[] context = option switch
        {
            "--curve-secret" => ["--curve-serverkey", ServerPublic],
            "--curve-allow" => ["--curve-server", ServerSecret],
            _ => [],
        };
        var tooShort = ServerSecret[..39];
        var notZ85 = "~" + ServerSecret[1..];
        var overflow = "#####" + ServerSecret[5..];

        foreach (var key in new[] { tooShort, ServerSecret + "x", notZ85, overflow })
        {
            var error = Invalid([.. context, option, key]);

            Assert.Contains($"{option} takes a CURVE key", error, StringComparison.Ordinal);
            Assert.DoesNotContain(key, error, StringComparison.Ordinal);
        }

        Assert.Contains("40 Z85 characters", Invalid([.. context, option, tooShort]), StringComparison.Ordinal);
        Assert.Contains("not a Z85 character", Invalid([.. context, option, notZ85]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--plain-allow", "admin")]
    [InlineData("--plain-user", "admin")]
    public void Credentials_without_a_colon_are_refused_naming_the_option(string option, string credentials)
    {
        string[] context = option == "--plain-allow" ? ["--plain-server"] : [];

        Assert.Contains($"{option} takes USER:PASSWORD", Invalid([.. context, option, credentials]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--plain-allow")]
    [InlineData("--plain-user")]
    public void Credentials_need_a_user_name_and_fit_in_255_bytes(string option)
    {
        string[] context = option == "--plain-allow" ? ["--plain-server"] : [];
        var long256 = new string('x', 256);

        Assert.Contains($"{option} takes USER:PASSWORD with a user name", Invalid([.. context, option, ":pw"]), StringComparison.Ordinal);
        Assert.Contains($"{option}: the user name must be at most 255 bytes", Invalid([.. context, option, $"{long256}:pw"]), StringComparison.Ordinal);
        Assert.Contains($"{option}: the password must be at most 255 bytes", Invalid([.. context, option, $"u:{long256}"]), StringComparison.Ordinal);
        Assert.Equal(255, Valid([.. context, option, $"{new string('é', 127)}u:{new string('p', 255)}"]) switch
        {
            { PlainUser: { } user } => user.Password.Length,
            var security => security.PlainAllow[0].Password.Length,
        });
    }
}
