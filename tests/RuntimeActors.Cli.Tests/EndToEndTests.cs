using System.Globalization;
using RuntimeActors.TestKit;

namespace RuntimeActors.Cli.Tests;

/// <summary>The built command run as separate processes that find each other through the 'bound' line.</summary>
public sealed class EndToEndTests
{
    private const string Wildcard = "tcp://127.0.0.1:*";

    [Fact]
    public async Task Send_to_recv_over_tcp_with_a_wildcard_bind()
    {
        await using var recv = RactorsProcess.Start("recv", "pull", "--bind", Wildcard, "--count", "2");
        var endpoint = await recv.BoundEndpointAsync();
        Assert.Matches(@"^tcp://127\.0\.0\.1:\d+$", endpoint);

        await using var send = RactorsProcess.Start("send", "PUSH", "--connect", endpoint, "a|b|c", "héllo wörld");

        Assert.Equal("a|b|c", await recv.ReadLineAsync());
        Assert.Equal("héllo wörld", await recv.ReadLineAsync());
        Assert.Equal(0, await recv.ExitCodeAsync());
        Assert.Equal(0, await send.ExitCodeAsync());
    }

    [Fact]
    public async Task Send_to_recv_over_ipc_with_a_generated_path()
    {
        await using var recv = RactorsProcess.Start("recv", "PULL", "--bind", "ipc://*", "--count", "1");
        var endpoint = await recv.BoundEndpointAsync();
        Assert.Matches(@"^ipc:///.+", endpoint);
        Assert.True(File.Exists(endpoint["ipc://".Length..]), $"no socket file at {endpoint}");

        await using var send = RactorsProcess.Start("send", "PUSH", "--connect", endpoint, "over|ipc");

        Assert.Equal("over|ipc", await recv.ReadLineAsync());
        Assert.Equal(0, await recv.ExitCodeAsync());
        Assert.Equal(0, await send.ExitCodeAsync());
        Assert.False(File.Exists(endpoint["ipc://".Length..]), $"the socket file {endpoint} outlived its socket");
    }

    // Each side's stats list the peers it has when it exits, so each test keeps the other side connected until the
    // side under test has printed them: a peer that has already gone is rightly not listed (peers=0).
    [Fact]
    public async Task Stats_prints_the_receiving_socket_and_its_peers_to_stderr_at_exit()
    {
        await using var recv = RactorsProcess.Start("recv", "pull", "--bind", Wildcard, "--count", "2", "--stats");
        var endpoint = await recv.BoundEndpointAsync();
        await using var send = RactorsProcess.Start("send", "push", "--connect", endpoint);
        await send.WriteLineAsync("one");
        await send.WriteLineAsync("two");

        Assert.Equal("one", await recv.ReadLineAsync());
        Assert.Equal("two", await recv.ReadLineAsync());
        Assert.Equal(0, await recv.ExitCodeAsync());

        Assert.Contains($"stats socket=PULL bound={endpoint} connected= peers=1 inbound_queued=0 dropped=0", recv.ErrorText, StringComparison.Ordinal);
        Assert.Matches($@"stats peer endpoint={System.Text.RegularExpressions.Regex.Escape(endpoint)} remote=tcp://127\.0\.0\.1:\d+ type=PUSH sent=0 received=2 queued=0", recv.ErrorText);
    }

    [Fact]
    public async Task Stats_prints_the_sending_socket_and_its_peers_to_stderr_at_exit()
    {
        await using var recv = RactorsProcess.Start("recv", "pull", "--bind", Wildcard);
        var endpoint = await recv.BoundEndpointAsync();
        await using var send = RactorsProcess.Start("send", "push", "--connect", endpoint, "--stats", "one", "two");

        Assert.Equal("one", await recv.ReadLineAsync());
        Assert.Equal("two", await recv.ReadLineAsync());
        Assert.Equal(0, await send.ExitCodeAsync());

        Assert.Contains($"stats socket=PUSH bound= connected={endpoint} peers=1", send.ErrorText, StringComparison.Ordinal);
        Assert.Matches(@"stats peer endpoint=\S+ remote=\S+ type=PULL sent=2 received=0 queued=[0-2]", send.ErrorText);
    }

    [Fact]
    public async Task An_inproc_connect_nobody_bound_exits_2_with_econnrefused()
    {
        await using var send = RactorsProcess.Start("send", "push", "--connect", "inproc://nobody", "hello");

        Assert.Equal(2, await send.ExitCodeAsync());
        Assert.Contains("ECONNREFUSED: inproc://nobody", send.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_can_bind_and_recv_connect_with_their_own_separators()
    {
        await using var send = RactorsProcess.Start("send", "push", "--bind", Wildcard, "--sep", ",", "one,two");
        var endpoint = await send.BoundEndpointAsync();

        await using var recv = RactorsProcess.Start("recv", "pull", "--connect", endpoint, "--count", "1", "--sep", " / ");

        Assert.Equal("one / two", await recv.ReadLineAsync());
        Assert.Equal(0, await recv.ExitCodeAsync());
        Assert.Equal(0, await send.ExitCodeAsync());
    }

    [Fact]
    public async Task Send_without_messages_sends_each_line_of_standard_input_as_it_comes()
    {
        await using var recv = RactorsProcess.Start("recv", "pull", "--bind", Wildcard, "--count", "3");
        var endpoint = await recv.BoundEndpointAsync();
        await using var send = RactorsProcess.Start("send", "push", "--connect", endpoint);

        await send.WriteLineAsync("first");
        Assert.Equal("first", await recv.ReadLineAsync());
        await send.WriteLineAsync("second|2");
        await send.WriteLineAsync("third");
        send.CloseInput();

        Assert.Equal("second|2", await recv.ReadLineAsync());
        Assert.Equal("third", await recv.ReadLineAsync());
        Assert.Equal(0, await send.ExitCodeAsync());
        Assert.Equal(0, await recv.ExitCodeAsync());
    }

    [Fact]
    public async Task Request_and_reply_between_req_and_rep()
    {
        await using var reply = RactorsProcess.Start("reply", "rep", "--bind", Wildcard, "--count", "2", "--prefix", "re:");
        var endpoint = await reply.BoundEndpointAsync();

        await using var request = RactorsProcess.Start("request", "req", "--connect", endpoint, "hello", "x|y");

        Assert.Equal("re:hello", await request.ReadLineAsync());
        Assert.Equal("x|re:y", await request.ReadLineAsync());
        Assert.Equal("hello", await reply.ReadLineAsync());
        Assert.Equal("x|y", await reply.ReadLineAsync());
        Assert.Equal(0, await request.ExitCodeAsync());
        Assert.Equal(0, await reply.ExitCodeAsync());
    }

    [Fact]
    public async Task Dealer_requests_carry_the_delimiter_so_that_rep_answers_them()
    {
        await using var reply = RactorsProcess.Start("reply", "REP", "--bind", Wildcard, "--count", "1", "--prefix", "ok ");
        var endpoint = await reply.BoundEndpointAsync();

        await using var request = RactorsProcess.Start("request", "DEALER", "--connect", endpoint, "ping");

        Assert.Equal("ok ping", await request.ReadLineAsync());
        Assert.Equal(0, await request.ExitCodeAsync());
        Assert.Equal(0, await reply.ExitCodeAsync());
    }

    [Fact]
    public async Task Router_replies_to_req_through_the_envelope_and_prints_the_body_only()
    {
        await using var reply = RactorsProcess.Start("reply", "router", "--bind", Wildcard, "--count", "1", "--prefix", "re:");
        var endpoint = await reply.BoundEndpointAsync();

        await using var request = RactorsProcess.Start("request", "req", "--connect", endpoint, "a|b");

        Assert.Equal("a|re:b", await request.ReadLineAsync());
        Assert.Equal("a|b", await reply.ReadLineAsync());
        Assert.Equal(0, await request.ExitCodeAsync());
        Assert.Equal(0, await reply.ExitCodeAsync());
    }

    [Fact]
    public async Task Sub_receives_only_what_it_subscribed_to()
    {
        await using var recv = RactorsProcess.Start("recv", "sub", "--bind", Wildcard, "--subscribe", "news", "--count", "2");
        var endpoint = await recv.BoundEndpointAsync();
        await using var send = RactorsProcess.Start("send", "pub", "--connect", endpoint);

        // A PUB drops what it sends before the subscription reaches it, so publish until the subscriber hears.
        var first = await PublishUntilHeardAsync(send, recv, "sport", "news");
        await send.WriteLineAsync("sport|skipped");
        await send.WriteLineAsync("news|last");
        var second = await recv.ReadLineAsync();
        send.CloseInput();

        Assert.StartsWith("news|", first, StringComparison.Ordinal);
        Assert.StartsWith("news|", second, StringComparison.Ordinal);
        Assert.Equal(0, await recv.ExitCodeAsync());
        Assert.Equal(0, await send.ExitCodeAsync());
    }

    [Fact]
    public async Task Sub_without_subscribe_receives_everything()
    {
        await using var send = RactorsProcess.Start("send", "pub", "--bind", Wildcard);
        var endpoint = await send.BoundEndpointAsync();
        await using var recv = RactorsProcess.Start("recv", "SUB", "--connect", endpoint, "--count", "1");

        var first = await PublishUntilHeardAsync(send, recv, "sport");
        send.CloseInput();

        Assert.StartsWith("sport|", first, StringComparison.Ordinal);
        Assert.Equal(0, await recv.ExitCodeAsync());
        Assert.Equal(0, await send.ExitCodeAsync());
    }

    [Fact]
    public async Task Recv_exits_3_when_no_message_comes_within_the_timeout()
    {
        await using var recv = RactorsProcess.Start("recv", "pull", "--bind", Wildcard, "--timeout", "200");

        Assert.Equal(3, await recv.ExitCodeAsync());
        Assert.Contains("timeout", recv.ErrorText, StringComparison.Ordinal);
        Assert.Contains("EAGAIN", recv.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_exits_3_when_no_reply_comes_within_the_timeout()
    {
        // A DEALER that only receives takes the request and never answers.
        await using var sink = RactorsProcess.Start("recv", "dealer", "--bind", Wildcard);
        var endpoint = await sink.BoundEndpointAsync();

        // Long enough for a cold process to finish its handshake, since the send waits for one.
        var timeout = (int)Patience.Dilated(TimeSpan.FromSeconds(2)).TotalMilliseconds;
        await using var request = RactorsProcess.Start("request", "dealer", "--connect", endpoint, "--timeout", timeout.ToString(CultureInfo.InvariantCulture), "hello");

        // The request arrived (after the empty delimiter a DEALER request carries), and then no reply came.
        Assert.Equal("|hello", await sink.ReadLineAsync());
        Assert.Equal(3, await request.ExitCodeAsync());
        Assert.Contains("timeout", request.ErrorText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tcp://nohost", "EINVAL")]
    [InlineData("tcp://127.0.0.1:notaport", "EINVAL")]
    [InlineData("foo://x", "EPROTONOSUPPORT")]
    [InlineData("no-transport", "EINVAL")]
    public async Task A_bad_connect_endpoint_exits_2_naming_the_error(string endpoint, string error)
    {
        await using var send = RactorsProcess.Start("send", "push", "--connect", endpoint, "hello");

        Assert.Equal(2, await send.ExitCodeAsync());
        Assert.Contains($"{error}: {endpoint}", send.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_bind_endpoint_exits_2_naming_the_error()
    {
        await using var recv = RactorsProcess.Start("recv", "pull", "--bind", "foo://x");

        Assert.Equal(2, await recv.ExitCodeAsync());
        Assert.Contains("EPROTONOSUPPORT", recv.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binding_an_endpoint_in_use_exits_2_with_eaddrinuse()
    {
        await using var first = RactorsProcess.Start("recv", "pull", "--bind", Wildcard);
        var endpoint = await first.BoundEndpointAsync();

        await using var second = RactorsProcess.Start("recv", "pull", "--bind", endpoint);

        Assert.Equal(2, await second.ExitCodeAsync());
        Assert.Contains("EADDRINUSE", second.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_usage_exits_2_and_points_to_help()
    {
        await using var run = RactorsProcess.Start("recv", "push", "--bind", Wildcard);

        Assert.Equal(2, await run.ExitCodeAsync());
        Assert.Contains("ractors recv --help", run.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0_and_lists_the_commands()
    {
        await using var run = RactorsProcess.Start("--help");

        var lines = new List<string>();
        while (await run.TryReadLineAsync(RactorsProcess.EventTimeout) is { } line)
        {
            lines.Add(line);
        }

        Assert.Equal(0, await run.ExitCodeAsync());
        Assert.Contains(lines, l => l.TrimStart().StartsWith("send", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("request", StringComparison.Ordinal));
    }

    /// <summary>Publishes a message of each topic per round until the subscriber prints a line, and returns that line.</summary>
    private static async Task<string> PublishUntilHeardAsync(RactorsProcess publisher, RactorsProcess subscriber, params string[] topics)
    {
        var deadline = DateTime.UtcNow + RactorsProcess.EventTimeout;
        for (var round = 0; DateTime.UtcNow < deadline; round++)
        {
            foreach (var topic in topics)
            {
                await publisher.WriteLineAsync($"{topic}|{round}");
            }

            if (await subscriber.TryReadLineAsync(TimeSpan.FromMilliseconds(100)) is { } line)
            {
                return line;
            }
        }

        throw new TimeoutException($"the subscriber heard nothing. Its standard error:\n{subscriber.ErrorText}");
    }
}
