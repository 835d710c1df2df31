using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests.Security;

/// <summary>PLAIN, CURVE and ZAP between two RuntimeActors sockets, over tcp, ipc and inproc.</summary>
public sealed class SecurityTests(ITestOutputHelper output) : SocketTestKit(output)
{
    private static readonly CurveKeyPair ServerKeys = CurveKeyPair.Generate();

    private static SocketOptions Options() => new() { Linger = TimeSpan.Zero };

    [Fact]
    public async Task Curve_carries_multipart_messages_both_ways_and_the_server_sees_the_client_key_as_user_id()
    {
        var clientKeys = CurveKeyPair.Generate();
        using var zap = Runtime.UseZapHandler(new ZapAuthenticator().AllowCurve(clientKeys.PublicKeyZ85).HandleAsync);
        var server = Socket(SocketType.Dealer, Options().UseCurveServer(ServerKeys));
        var client = Socket(SocketType.Dealer, Options().UseCurveClient(ServerKeys.PublicKeyZ85, clientKeys));
        var endpoint = await BindLoopbackAsync(server);
        await client.ConnectAsync(endpoint);

        await client.SendAsync("hello", "curve");
        var received = await ReceiveAsync(server);
        Assert.Equal(["hello", "curve"], received.GetStrings());
        Assert.Equal(clientKeys.PublicKeyZ85, received.UserId);
        Assert.Equal("127.0.0.1", received.PeerAddress);
        Assert.Equal("DEALER", received.GetProperty("Socket-Type"));

        await server.SendAsync("back");
        Assert.Equal(["back"], await ReceiveStringsAsync(client));
    }

    [Fact]
    public async Task Curve_with_the_wrong_server_key_delivers_nothing_and_reports_a_cryptographic_error()
    {
        var server = Socket(SocketType.Pull, Options().UseCurveServer(ServerKeys));
        var serverEvents = Monitor(server);
        var client = Socket(SocketType.Push, Options().UseCurveClient(CurveKeyPair.Generate().PublicKeyZ85));
        var endpoint = await BindLoopbackAsync(server);
        await client.ConnectAsync(endpoint);

        var failed = await ExpectEventAsync(serverEvents, SocketEventKind.HandshakeFailedProtocol);
        Assert.Equal(ZmqProtocolError.ZmtpCryptographic, failed.ProtocolError);
        _ = client.TrySend(ZMessage.FromStrings("secret"), TimeSpan.Zero);
        AssertNothingReceived(server);
    }

    [Fact]
    public async Task A_client_key_that_zap_denies_gets_auth_failed_400_on_both_sides()
    {
        using var zap = Runtime.UseZapHandler(new ZapAuthenticator().AllowCurve(CurveKeyPair.Generate().PublicKeyZ85).HandleAsync);
        var server = Socket(SocketType.Pull, Options().UseCurveServer(ServerKeys));
        var client = Socket(SocketType.Push, Options().UseCurveClient(ServerKeys.PublicKeyZ85, CurveKeyPair.Generate()));
        var serverEvents = Monitor(server);
        var clientEvents = Monitor(client);
        var endpoint = await BindLoopbackAsync(server);
        await client.ConnectAsync(endpoint);

        Assert.Equal(400, (await ExpectEventAsync(serverEvents, SocketEventKind.HandshakeFailedAuth)).AuthStatusCode);
        Assert.Equal(400, (await ExpectEventAsync(clientEvents, SocketEventKind.HandshakeFailedAuth)).AuthStatusCode);
    }

    [Theory]
    [InlineData("admin", "secret", true)]
    [InlineData("admin", "wrong", false)]
    public async Task Plain_lets_in_only_the_users_zap_allows(string user, string password, bool allowed)
    {
        using var zap = Runtime.UseZapHandler(new ZapAuthenticator().AllowPlain("admin", "secret").HandleAsync);
        var server = Socket(SocketType.Pull, Options().UsePlainServer());
        var serverEvents = Monitor(server);
        var client = Socket(SocketType.Push, Options().UsePlainClient(user, password));
        var endpoint = await BindLoopbackAsync(server);
        await client.ConnectAsync(endpoint);

        if (allowed)
        {
            await client.SendAsync("in");
            var received = await ReceiveAsync(server);
            Assert.Equal("in", received.GetString(0));
            Assert.Equal("admin", received.UserId);
        }
        else
        {
            Assert.Equal(400, (await ExpectEventAsync(serverEvents, SocketEventKind.HandshakeFailedAuth)).AuthStatusCode);
        }
    }

    [Fact]
    public async Task Plain_without_a_zap_handler_fails_every_handshake()
    {
        var server = Socket(SocketType.Pull, Options().UsePlainServer());
        var serverEvents = Monitor(server);
        var client = Socket(SocketType.Push, Options().UsePlainClient("admin", "secret"));
        var endpoint = await BindLoopbackAsync(server);
        await client.ConnectAsync(endpoint);

        var failed = await ExpectEventAsync(serverEvents, SocketEventKind.HandshakeFailed);
        Assert.Contains("ZAP handler", failed.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rep_socket_bound_to_the_inproc_zap_endpoint_answers_as_in_libzmq()
    {
        var handler = Socket(SocketType.Rep);
        await handler.BindAsync("inproc://zeromq.zap.01");
        var server = Socket(SocketType.Pull, Options().UsePlainServer());
        var client = Socket(SocketType.Push, Options().UsePlainClient("alice", "pw"));
        var endpoint = await BindLoopbackAsync(server);
        await client.ConnectAsync(endpoint);

        var request = await ReceiveAsync(handler);
        Assert.Equal(["1.0"], request.GetStrings().Take(1));
        Assert.Equal("PLAIN", request.GetString(5));
        Assert.Equal("alice", request.GetString(6));
        Assert.Equal("pw", request.GetString(7));
        await handler.SendAsync(ZMessage.FromStrings("1.0", request.GetString(1), "200", "OK", "alice-id", ""));

        await client.SendAsync("through");
        var received = await ReceiveAsync(server);
        Assert.Equal("alice-id", received.UserId);
    }

    [Fact]
    public async Task A_router_socket_bound_to_the_inproc_zap_endpoint_answers_with_the_envelope_it_received()
    {
        var handler = Socket(SocketType.Router);
        await handler.BindAsync("inproc://zeromq.zap.01");
        var serverKeys = CurveKeyPair.Generate();
        var clientKeys = CurveKeyPair.Generate();
        var server = Socket(SocketType.Pull, Options().UseCurveServer(serverKeys));
        var client = Socket(SocketType.Push, Options().UseCurveClient(serverKeys.PublicKeyZ85, clientKeys));
        var endpoint = await BindLoopbackAsync(server);
        await client.ConnectAsync(endpoint);

        // [routing id, empty, "1.0", request id, domain, address, identity, mechanism, key]
        var request = await ReceiveAsync(handler);
        Assert.Equal(9, request.Count);
        Assert.True(request[1].IsEmpty);
        Assert.Equal("CURVE", request.GetString(7));
        Assert.Equal(clientKeys.PublicKey.ToArray(), request[8].ToArray());
        await handler.SendAsync(new ZMessage().Append(request[0]).Append(ReadOnlyMemory<byte>.Empty)
            .Append("1.0").Append(request.GetString(3)).Append("200").Append("OK").Append("curve-user").Append(ReadOnlyMemory<byte>.Empty));

        await client.SendAsync("through");
        Assert.Equal("curve-user", (await ReceiveAsync(server)).UserId);
    }

    [Fact]
    public async Task An_inproc_handler_reply_with_a_bad_version_fails_the_handshake_with_zap_bad_version()
    {
        var handler = Socket(SocketType.Rep);
        await handler.BindAsync("inproc://zeromq.zap.01");
        var server = Socket(SocketType.Pull, Options().UsePlainServer());
        var serverEvents = Monitor(server);
        var client = Socket(SocketType.Push, Options().UsePlainClient("alice", "pw"));
        var endpoint = await BindLoopbackAsync(server);
        await client.ConnectAsync(endpoint);

        var request = await ReceiveAsync(handler);
        await handler.SendAsync(ZMessage.FromStrings("9.9", request.GetString(1), "200", "OK", "", ""));

        var failed = await ExpectEventAsync(serverEvents, SocketEventKind.HandshakeFailedProtocol);
        Assert.Equal(ZmqProtocolError.ZapBadVersion, failed.ProtocolError);
    }

    [Fact]
    public async Task A_zap_handler_that_never_answers_fails_the_handshake_at_the_handshake_interval()
    {
        // A handler that never answers: its reply is a task nobody completes, abandoned when the handshake gives up.
        var never = new TaskCompletionSource<ZapReply>();
        using var zap = Runtime.UseZapHandler((_, cancellationToken) => new ValueTask<ZapReply>(never.Task.WaitAsync(cancellationToken)));
        var serverOptions = Options().UsePlainServer();
        serverOptions.HandshakeInterval = TimeSpan.FromMilliseconds(300);
        var server = Socket(SocketType.Pull, serverOptions);
        var serverEvents = Monitor(server);
        var client = Socket(SocketType.Push, Options().UsePlainClient("a", "b"));
        var endpoint = await BindLoopbackAsync(server);
        await client.ConnectAsync(endpoint);

        var failed = await ExpectEventAsync(serverEvents, SocketEventKind.HandshakeFailed);
        Assert.IsType<TimeoutException>(failed.Error);
    }

    [Fact]
    public async Task Curve_pub_sub_filters_by_prefix_and_keeps_heartbeats()
    {
        var pubOptions = Options().UseCurveServer(ServerKeys);
        var subOptions = Options().UseCurveClient(ServerKeys.PublicKeyZ85);
        subOptions.HeartbeatInterval = TimeSpan.FromMilliseconds(50);
        var publisher = Socket(SocketType.Pub, pubOptions);
        var subscriber = Socket(SocketType.Sub, subOptions);
        var endpoint = await BindLoopbackAsync(publisher);
        await subscriber.ConnectAsync(endpoint);
        subscriber.Subscribe("weather");

        await AwaitSubscribedAsync(publisher, subscriber, "weather");
        await publisher.SendAsync("sports", "no");
        await publisher.SendAsync("weather.paris", "sunny");
        Assert.Equal(["weather.paris", "sunny"], await ReceiveStringsAsync(subscriber));
    }

    [Fact]
    public async Task Curve_over_inproc_is_accepted_and_carries_messages_in_process_without_encryption()
    {
        var server = Socket(SocketType.Pair, Options().UseCurveServer(ServerKeys));
        var client = Socket(SocketType.Pair, Options().UseCurveClient(ServerKeys.PublicKeyZ85));
        var endpoint = $"inproc://curve-{Guid.NewGuid():N}";
        await server.BindAsync(endpoint);
        await client.ConnectAsync(endpoint);

        await client.SendAsync("in-process");
        Assert.Equal(["in-process"], await ReceiveStringsAsync(server));
    }

    [Fact]
    public async Task A_ten_megabyte_message_crosses_curve_intact()
    {
        var server = Socket(SocketType.Pull, Options().UseCurveServer(ServerKeys));
        var client = Socket(SocketType.Push, Options().UseCurveClient(ServerKeys.PublicKeyZ85));
        var endpoint = await BindLoopbackAsync(server);
        await client.ConnectAsync(endpoint);
        var payload = new byte[10 * 1024 * 1024];
        Random.Shared.NextBytes(payload);

        await client.SendAsync(new ZMessage().Append(payload).Append("tail"u8.ToArray()));
        var received = await ReceiveAsync(server);
        Assert.True(received[0].Span.SequenceEqual(payload));
        Assert.Equal("tail", received.GetString(1));
    }
}
