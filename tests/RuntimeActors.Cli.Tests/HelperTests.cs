using System.Text;
using RuntimeActors.Cli;

namespace RuntimeActors.Cli.Tests;

public sealed class HelperTests
{
    private static string[] Strings(ZMessage message) => [.. message.GetStrings()];

    [Theory]
    [InlineData("a|b|c", "|", new[] { "a", "b", "c" })]
    [InlineData("a|", "|", new[] { "a", "" })]
    [InlineData("", "|", new[] { "" })]
    [InlineData("a::b|c", "::", new[] { "a", "b|c" })]
    public void Split_makes_one_frame_per_part_keeping_empty_ones(string text, string separator, string[] frames)
    {
        Assert.Equal(frames, Strings(Frames.Split(text, separator)));
    }

    [Fact]
    public void Join_decodes_utf8_from_a_start_frame()
    {
        var message = ZMessage.FromStrings("id", "", "héllo", "wörld");

        Assert.Equal("héllo / wörld", Frames.Join(message, " / ", start: 2));
        Assert.Equal("id||héllo|wörld", Frames.Join(message, "|"));
        Assert.Equal(string.Empty, Frames.Join(message, "|", start: 4));
    }

    [Fact]
    public void Answer_prefixes_the_last_frame_and_keeps_the_envelope()
    {
        var request = ZMessage.FromStrings("\0id", "", "x", "ü");

        Assert.Equal(["\0id", "", "x", "re:ü"], Strings(Replies.Answer(request, "re:")));
        Assert.Equal(["\0id", "", "x", "ü"], Strings(request));
    }

    [Fact]
    public void Answer_to_an_empty_request_is_the_prefix()
    {
        Assert.Equal(["p"], Strings(Replies.Answer(new ZMessage(), "p")));
    }

    [Fact]
    public void Router_body_starts_after_the_routing_id_and_the_delimiter_when_there_is_one()
    {
        Assert.Equal(2, Replies.RouterBodyStart(ZMessage.FromStrings("id", "", "body")));
        Assert.Equal(1, Replies.RouterBodyStart(ZMessage.FromStrings("id", "body", "more")));
        Assert.Equal(1, Replies.RouterBodyStart(ZMessage.FromStrings("id")));
    }

    [Fact]
    public void Dealer_requests_carry_a_delimiter_that_replies_lose()
    {
        var request = Replies.AsDealerRequest(ZMessage.FromStrings("a", "b"));

        Assert.Equal(["", "a", "b"], Strings(request));
        Assert.Equal(1, Replies.DealerReplyBodyStart(ZMessage.FromStrings("", "re:a")));
        Assert.Equal(0, Replies.DealerReplyBodyStart(ZMessage.FromStrings("re:a")));
    }

    [Fact]
    public void Socket_type_names_ignore_case_and_refuse_numbers()
    {
        Assert.True(SocketTypeNames.TryParse("xPub", out var type));
        Assert.Equal(SocketType.XPub, type);
        Assert.False(SocketTypeNames.TryParse("9", out _));
        Assert.Equal("XSUB", SocketTypeNames.Name(SocketType.XSub));
    }

    [Fact]
    public void Every_socket_type_has_a_verb_that_drives_it()
    {
        var driven = Enum.GetValues<CliVerb>().SelectMany(SocketTypeNames.AllowedFor).ToHashSet();

        Assert.Equal(Enum.GetValues<SocketType>().ToHashSet(), driven);
    }

    [Fact]
    public async Task Messages_come_from_the_arguments_before_standard_input()
    {
        using var input = new StringReader("ignored\n");
        var messages = new List<string>();
        await foreach (var message in MessageSource.ReadAsync(["a", "b"], input, CancellationToken.None))
        {
            messages.Add(message);
        }

        Assert.Equal(["a", "b"], messages);
    }

    [Fact]
    public async Task Without_arguments_each_line_of_standard_input_is_a_message()
    {
        using var input = new StringReader("one\r\ntwo|2\n\nthree");
        var messages = new List<string>();
        await foreach (var message in MessageSource.ReadAsync([], input, CancellationToken.None))
        {
            messages.Add(message);
        }

        Assert.Equal(["one", "two|2", "", "three"], messages);
    }

    [Theory]
    [InlineData("Send", true)]
    [InlineData("Request", true)]
    [InlineData("Recv", false)]
    [InlineData("Reply", false)]
    public void Sending_verbs_queue_only_for_connected_peers(string verb, bool immediate)
    {
        var request = new CliRequest(Enum.Parse<CliVerb>(verb), SocketType.Dealer, [], ["tcp://127.0.0.1:5555"], [], null, TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromSeconds(2), "|", "", []);

        var options = SocketSetup.OptionsFor(request);

        Assert.Equal(immediate, options.Immediate);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Linger);
        Assert.Equal(TimeSpan.FromSeconds(1), options.SendTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ReceiveTimeout);
    }

    [Fact]
    public void Failed_handshakes_print_the_kind_the_code_and_the_endpoint()
    {
        const string endpoint = "tcp://127.0.0.1:5555";
        var error = new InvalidOperationException("why");

        Assert.Equal(
            "handshake failed (auth 400) tcp://127.0.0.1:5555",
            HandshakeReports.Describe(new SocketEvent(SocketEventKind.HandshakeFailedAuth, Akka.Actor.ActorRefs.Nobody, endpoint, error, Value: 400)));
        Assert.Equal(
            "handshake failed (protocol ZmtpMechanismMismatch) tcp://127.0.0.1:5555",
            HandshakeReports.Describe(new SocketEvent(SocketEventKind.HandshakeFailedProtocol, Akka.Actor.ActorRefs.Nobody, endpoint, error, Value: (int)ZmqProtocolError.ZmtpMechanismMismatch)));
    }

    [Theory]
    [InlineData(SocketEventKind.HandshakeFailed)]
    [InlineData(SocketEventKind.HandshakeSucceeded)]
    [InlineData(SocketEventKind.Listening)]
    [InlineData(SocketEventKind.Disconnected)]
    public void Other_events_print_nothing(SocketEventKind kind)
    {
        Assert.Null(HandshakeReports.Describe(new SocketEvent(kind, Akka.Actor.ActorRefs.Nobody, "tcp://127.0.0.1:5555")));
    }

    [Fact]
    public async Task The_command_registers_tcp()
    {
        await using var runtime = SocketRuntime.Create(CliTransports.Register);

        Assert.Contains("tcp", runtime.Transports);
    }

    [Fact]
    public void Standard_console_writes_utf8_without_a_byte_order_mark()
    {
        var console = CliConsole.Standard();

        var writer = Assert.IsType<StreamWriter>(console.Out);
        Assert.Empty(writer.Encoding.GetPreamble());
        Assert.Equal(Encoding.UTF8.WebName, writer.Encoding.WebName);
        Assert.Equal("\n", writer.NewLine);
    }
}
