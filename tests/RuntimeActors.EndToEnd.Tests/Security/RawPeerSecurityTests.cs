using System.Text;
using Akka.TestKit;
using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests.Security;

/// <summary>
/// libzmq's security tests (test_security_curve.cpp, test_security_plain.cpp, test_security_null.cpp) rewritten with a
/// raw ZMTP peer against a RuntimeActors server over loopback tcp: each broken handshake must fail with the monitor
/// event libzmq raises and close that connection, and the server must keep serving a legitimate client (whose message
/// is then the first to arrive, so nothing of the broken peer's was delivered) and accept a new one.
/// </summary>
public sealed class RawPeerSecurityTests(ITestOutputHelper output) : SocketTestKit(output)
{
    private static readonly CurveKeyPair ServerKeys = CurveKeyPair.Generate();

    private static SocketOptions Options() => new() { Linger = TimeSpan.Zero };

    /// <summary>A server with one good client connected and served; <see cref="Events"/> starts after that.</summary>
    private sealed record Served(ZSocket Server, string Endpoint, ZSocket Good, SocketType ClientType, Func<SocketOptions> ClientOptions, TestProbe Events);

    private async Task<Served> ServingAsync(SocketType serverType, SocketOptions serverOptions, SocketType clientType, Func<SocketOptions> clientOptions)
    {
        var server = Socket(serverType, serverOptions);
        var endpoint = await BindLoopbackAsync(server);
        var good = Socket(clientType, clientOptions());
        await good.ConnectAsync(endpoint);
        await good.SendAsync("before");
        Assert.Equal("before", Last(await ReceiveAsync(server)));
        return new Served(server, endpoint, good, clientType, clientOptions, Monitor(server));
    }

    private Task<Served> CurveServingAsync(SocketType serverType = SocketType.Pull, SocketType clientType = SocketType.Push) =>
        ServingAsync(serverType, Options().UseCurveServer(ServerKeys), clientType, () => Options().UseCurveClient(ServerKeys.PublicKeyZ85));

    private static string Last(ZMessage message) => message.GetString(message.Count - 1);

    /// <summary>
    /// The good client's next message is the next one the server receives (so the broken peer got nothing delivered),
    /// and a client connecting now is served too (the listener survived).
    /// </summary>
    private async Task AssertStillServingAsync(Served served)
    {
        await served.Good.SendAsync("after");
        Assert.Equal("after", Last(await ReceiveAsync(served.Server)));

        var fresh = Socket(served.ClientType, served.ClientOptions());
        await fresh.ConnectAsync(served.Endpoint);
        await fresh.SendAsync("fresh");
        Assert.Equal("fresh", Last(await ReceiveAsync(served.Server)));
    }

    /// <summary>Waits for an event of <paramref name="kind"/>; no event before it may end the handshake another way.</summary>
    private static async Task<SocketEvent> ExpectHandshakeEventAsync(TestProbe events, SocketEventKind kind)
    {
        var before = new List<SocketEvent>();
        var found = await events.FishForMessageAsync<SocketEvent>(
            e =>
            {
                if (e.Kind == kind)
                {
                    return true;
                }

                before.Add(e);
                return false;
            },
            Patience,
            $"a {kind} event");
        Assert.DoesNotContain(before, e => e.Kind is SocketEventKind.HandshakeSucceeded or SocketEventKind.HandshakeFailed or SocketEventKind.HandshakeFailedAuth or SocketEventKind.HandshakeFailedProtocol);
        return found;
    }

    private static async Task ExpectProtocolFailureAsync(TestProbe events, ZmqProtocolError code)
    {
        var failure = await ExpectHandshakeEventAsync(events, SocketEventKind.HandshakeFailedProtocol);
        Assert.Equal(code, failure.ProtocolError);
    }

    private static async Task ExpectAuthFailureAsync(TestProbe events, int statusCode)
    {
        var failure = await ExpectHandshakeEventAsync(events, SocketEventKind.HandshakeFailedAuth);
        Assert.Equal(statusCode, failure.AuthStatusCode);
    }

    /// <summary>The server closes the connection; what it sent before must not hold <paramref name="command"/>.</summary>
    private static async Task ExpectClosedWithoutAsync(ZmtpTestPeer raw, string command)
    {
        var tail = await raw.ExpectDisconnectedAsync();
        byte[] name = [(byte)command.Length, .. Encoding.ASCII.GetBytes(command)];
        Assert.True(tail.AsSpan().IndexOf(name) < 0, $"the server sent {command} to a peer whose handshake failed: {Convert.ToHexString(tail)}");
    }

    /// <summary>Connects, sends a CURVE greeting and checks the server's.</summary>
    private static async Task<ZmtpTestPeer> CurvePeerAsync(string endpoint)
    {
        var raw = await ZmtpTestPeer.ConnectAsync(endpoint);
        await raw.SendGreetingAsync(mechanism: "CURVE");
        var greeting = await raw.ExpectGreetingAsync();
        Assert.Equal((3, "CURVE"), (greeting.Major, greeting.Mechanism));
        return raw;
    }

    private static async Task HelloWelcomeAsync(ZmtpTestPeer raw, RawCurveClient curve)
    {
        await raw.SendCommandAsync("HELLO", curve.Hello());
        curve.OpenWelcome(await raw.ExpectCommandAsync("WELCOME"));
    }

    /// <summary>The whole handshake as a PUSH client; the server reports it succeeded.</summary>
    private static async Task CurveReadyAsync(ZmtpTestPeer raw, RawCurveClient curve, Served served)
    {
        await HelloWelcomeAsync(raw, curve);
        await raw.SendCommandAsync("INITIATE", curve.Initiate(RawCurveClient.Metadata("PUSH")));
        Assert.Equal("PULL", Encoding.ASCII.GetString(curve.OpenReady(await raw.ExpectCommandAsync("READY"))["Socket-Type"]));
        await ExpectHandshakeEventAsync(served.Events, SocketEventKind.HandshakeSucceeded);
    }

    /// <summary>
    /// A MESSAGE that CURVE's decode refuses: as in libzmq 4.3.4 (curve_mechanism_base_t::decode, then
    /// stream_engine_base_t::error), HANDSHAKE_FAILED_PROTOCOL with the code, then DISCONNECTED, and nothing in between.
    /// </summary>
    private static async Task ExpectDataPhaseFailureAsync(TestProbe events, ZmqProtocolError code)
    {
        var failed = await events.ExpectMsgAsync<SocketEvent>(Patience);
        Assert.Equal((SocketEventKind.HandshakeFailedProtocol, code), (failed.Kind, failed.ProtocolError));
        var disconnected = await events.ExpectMsgAsync<SocketEvent>(Patience);
        Assert.Equal(SocketEventKind.Disconnected, disconnected.Kind);
        Assert.Equal(code, Assert.IsType<RuntimeActors.Wire.ZmtpProtocolException>(disconnected.Error).ProtocolError);
    }

    // test_curve_security_invalid_hello_wrong_length
    [Fact]
    public async Task Curve_a_hello_one_byte_short_is_malformed_command_hello()
    {
        var served = await CurveServingAsync();
        await using var raw = await CurvePeerAsync(served.Endpoint);

        await raw.SendCommandAsync("HELLO", new RawCurveClient(ServerKeys.PublicKey).Hello()[..^1]);

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpMalformedCommandHello);
        await ExpectClosedWithoutAsync(raw, "WELCOME");
        await AssertStillServingAsync(served);
    }

    // test_curve_security_invalid_hello_version
    [Fact]
    public async Task Curve_a_hello_of_version_2_is_malformed_command_hello()
    {
        var served = await CurveServingAsync();
        await using var raw = await CurvePeerAsync(served.Endpoint);

        await raw.SendCommandAsync("HELLO", new RawCurveClient(ServerKeys.PublicKey).Hello(major: 2));

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpMalformedCommandHello);
        await ExpectClosedWithoutAsync(raw, "WELCOME");
        await AssertStillServingAsync(served);
    }

    // test_curve_security_invalid_hello_command_name
    [Fact]
    public async Task Curve_a_misspelt_hello_is_an_unexpected_command()
    {
        var served = await CurveServingAsync();
        await using var raw = await CurvePeerAsync(served.Endpoint);

        await raw.SendCommandAsync("HELLP", new RawCurveClient(ServerKeys.PublicKey).Hello());

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpUnexpectedCommand);
        await ExpectClosedWithoutAsync(raw, "WELCOME");
        await AssertStillServingAsync(served);
    }

    [Fact]
    public async Task Curve_an_all_zero_client_short_term_key_is_cryptographic()
    {
        var served = await CurveServingAsync();
        await using var raw = await CurvePeerAsync(served.Endpoint);

        await raw.SendCommandAsync("HELLO", new RawCurveClient(ServerKeys.PublicKey).Hello(zeroShortKey: true));

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpCryptographic);
        await ExpectClosedWithoutAsync(raw, "WELCOME");
        await AssertStillServingAsync(served);
    }

    [Fact]
    public async Task Curve_a_hello_for_another_server_key_is_cryptographic()
    {
        var served = await CurveServingAsync();
        await using var raw = await CurvePeerAsync(served.Endpoint);

        await raw.SendCommandAsync("HELLO", new RawCurveClient(CurveKeyPair.Generate().PublicKey).Hello());

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpCryptographic);
        await ExpectClosedWithoutAsync(raw, "WELCOME");
        await AssertStillServingAsync(served);
    }

    // test_curve_security_invalid_initiate_wrong_length
    [Fact]
    public async Task Curve_an_initiate_one_byte_short_of_257_is_malformed_command_initiate()
    {
        var served = await CurveServingAsync();
        await using var raw = await CurvePeerAsync(served.Endpoint);
        var curve = new RawCurveClient(ServerKeys.PublicKey);
        await HelloWelcomeAsync(raw, curve);

        // 9 bytes of name + 247 of data: one short of cookie, nonce, MAC, C, vouch nonce and vouch.
        var initiate = curve.Initiate([]);
        Assert.Equal(248, initiate.Length);
        await raw.SendCommandAsync("INITIATE", initiate[..^1]);

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpMalformedCommandInitiate);
        await ExpectClosedWithoutAsync(raw, "READY");
        await AssertStillServingAsync(served);
    }

    // test_curve_security_invalid_initiate_command_name
    [Fact]
    public async Task Curve_a_misspelt_initiate_is_an_unexpected_command()
    {
        var served = await CurveServingAsync();
        await using var raw = await CurvePeerAsync(served.Endpoint);
        var curve = new RawCurveClient(ServerKeys.PublicKey);
        await HelloWelcomeAsync(raw, curve);

        await raw.SendCommandAsync("INITIATF", curve.Initiate(RawCurveClient.Metadata("PUSH")));

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpUnexpectedCommand);
        await ExpectClosedWithoutAsync(raw, "READY");
        await AssertStillServingAsync(served);
    }

    // test_curve_security_invalid_initiate_command_encrypted_cookie
    [Fact]
    public async Task Curve_a_flipped_byte_in_the_cookie_is_cryptographic()
    {
        var served = await CurveServingAsync();
        await using var raw = await CurvePeerAsync(served.Endpoint);
        var curve = new RawCurveClient(ServerKeys.PublicKey);
        await HelloWelcomeAsync(raw, curve);

        var initiate = curve.Initiate(RawCurveClient.Metadata("PUSH"));
        initiate[40] ^= 0x01; // inside the cookie's secret box (its 16-byte nonce tail comes first)
        await raw.SendCommandAsync("INITIATE", initiate);

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpCryptographic);
        await ExpectClosedWithoutAsync(raw, "READY");
        await AssertStillServingAsync(served);
    }

    // test_curve_security_invalid_initiate_command_encrypted_content
    [Fact]
    public async Task Curve_a_flipped_byte_in_the_initiate_box_is_cryptographic()
    {
        var served = await CurveServingAsync();
        await using var raw = await CurvePeerAsync(served.Endpoint);
        var curve = new RawCurveClient(ServerKeys.PublicKey);
        await HelloWelcomeAsync(raw, curve);

        var initiate = curve.Initiate(RawCurveClient.Metadata("PUSH"));
        initiate[^5] ^= 0x01; // inside the box, in the metadata
        await raw.SendCommandAsync("INITIATE", initiate);

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpCryptographic);
        await ExpectClosedWithoutAsync(raw, "READY");
        await AssertStillServingAsync(served);
    }

    // test_curve_security_with_null_client_credentials
    [Fact]
    public async Task Curve_a_null_client_is_a_mechanism_mismatch()
    {
        var served = await CurveServingAsync();
        await using var raw = await ZmtpTestPeer.ConnectAsync(served.Endpoint);

        await raw.SendRawAsync([.. ZmtpTestFrames.Greeting(mechanism: "NULL"), .. ZmtpTestFrames.Ready("PUSH")]);

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpMechanismMismatch);
        await ExpectClosedWithoutAsync(raw, "READY");
        await AssertStillServingAsync(served);
    }

    // test_curve_security_with_plain_client_credentials
    [Fact]
    public async Task Curve_a_plain_client_is_a_mechanism_mismatch()
    {
        var served = await CurveServingAsync();
        await using var raw = await ZmtpTestPeer.ConnectAsync(served.Endpoint);

        await raw.SendRawAsync([.. ZmtpTestFrames.Greeting(mechanism: "PLAIN"), .. ZmtpTestFrames.Command("HELLO", [5, .. "admin"u8, 8, .. "password"u8])]);

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpMechanismMismatch);
        await ExpectClosedWithoutAsync(raw, "WELCOME");
        await AssertStillServingAsync(served);
    }

    // test_curve_security_unauthenticated_message
    [Fact]
    public async Task Curve_a_zmtp_1_0_peer_sneaking_a_message_gets_nothing_delivered_and_is_closed()
    {
        var served = await CurveServingAsync();
        await using var raw = await ZmtpTestPeer.ConnectAsync(served.Endpoint);

        // An anonymous ZMTP 1.0 greeting (an empty routing id), then a message: length 8, flags 0, "sneaky\0".
        await raw.SendRawAsync([0x01, 0x00, 0x08, 0x00, .. "sneaky\0"u8]);

        var failure = await served.Events.FishForMessageAsync<SocketEvent>(
            e => e.Kind is SocketEventKind.HandshakeFailed or SocketEventKind.HandshakeFailedProtocol or SocketEventKind.HandshakeSucceeded,
            Patience,
            "the end of the ZMTP 1.0 peer's handshake");
        Assert.NotEqual(SocketEventKind.HandshakeSucceeded, failure.Kind);
        await raw.ExpectDisconnectedAsync();
        await AssertStillServingAsync(served);
    }

    [Fact]
    public async Task Curve_a_255_byte_routing_id_in_initiate_is_what_a_router_sees_and_replies_to()
    {
        var served = await CurveServingAsync(SocketType.Router, SocketType.Dealer);
        await using var raw = await CurvePeerAsync(served.Endpoint);
        var curve = new RawCurveClient(ServerKeys.PublicKey);
        var routingId = Enumerable.Range(0, 255).Select(i => (byte)(i % 255 + 1)).ToArray();
        await HelloWelcomeAsync(raw, curve);

        await raw.SendCommandAsync("INITIATE", curve.Initiate(RawCurveClient.Metadata(("Socket-Type", "DEALER"u8.ToArray()), ("Identity", routingId))));
        var ready = curve.OpenReady(await raw.ExpectCommandAsync("READY"));
        Assert.Equal("ROUTER", Encoding.ASCII.GetString(ready["Socket-Type"]));
        await ExpectHandshakeEventAsync(served.Events, SocketEventKind.HandshakeSucceeded);

        await raw.SendFrameAsync(curve.Message("hi"u8));
        var received = await ReceiveAsync(served.Server);
        Assert.Equal(2, received.Count);
        Assert.Equal(routingId, received[0].ToArray());
        Assert.Equal("hi", received.GetString(1));

        await served.Server.SendAsync(new ZMessage().Append(routingId).Append("back"u8.ToArray()));
        var frame = await raw.ExpectFrameAsync();
        Assert.Equal(0, frame.Flags); // a MESSAGE box travels as a message frame; MORE and COMMAND are inside it
        Assert.Equal("back"u8.ToArray(), curve.OpenMessage(frame.Body, out var more, out var command));
        Assert.False(more);
        Assert.False(command);

        await AssertStillServingAsync(served);
    }

    [Fact]
    public async Task Curve_a_flipped_byte_in_a_message_box_after_the_handshake_is_cryptographic_then_disconnected()
    {
        var served = await CurveServingAsync();
        await using var raw = await CurvePeerAsync(served.Endpoint);
        var curve = new RawCurveClient(ServerKeys.PublicKey);
        await CurveReadyAsync(raw, curve, served);

        var message = curve.Message("tampered"u8);
        message[^1] ^= 0x01;
        await raw.SendFrameAsync(message);

        await ExpectDataPhaseFailureAsync(served.Events, ZmqProtocolError.ZmtpCryptographic);
        await raw.ExpectDisconnectedAsync();
        await AssertStillServingAsync(served);
    }

    [Fact]
    public async Task Curve_a_replayed_message_nonce_is_an_invalid_sequence_and_the_copy_is_not_delivered()
    {
        var served = await CurveServingAsync();
        await using var raw = await CurvePeerAsync(served.Endpoint);
        var curve = new RawCurveClient(ServerKeys.PublicKey);
        await CurveReadyAsync(raw, curve, served);
        var message = curve.Message("once"u8);
        await raw.SendFrameAsync(message);
        Assert.Equal("once", Last(await ReceiveAsync(served.Server)));

        await raw.SendFrameAsync(message);

        await ExpectDataPhaseFailureAsync(served.Events, ZmqProtocolError.ZmtpInvalidSequence);
        await raw.ExpectDisconnectedAsync();
        await AssertStillServingAsync(served);
    }

    [Fact]
    public async Task Curve_a_frame_over_maxmsgsize_is_a_framing_error_disconnected_without_a_protocol_event()
    {
        // libzmq's decoder, not CURVE's decode, refuses it: DISCONNECTED only.
        var serverOptions = Options().UseCurveServer(ServerKeys);
        serverOptions.MaxMessageSize = 1000;
        var served = await ServingAsync(SocketType.Pull, serverOptions, SocketType.Push, () => Options().UseCurveClient(ServerKeys.PublicKeyZ85));
        await using var raw = await CurvePeerAsync(served.Endpoint);
        var curve = new RawCurveClient(ServerKeys.PublicKey);
        await CurveReadyAsync(raw, curve, served);

        await raw.SendRawAsync([0x02, 0, 0, 0, 0, 0x40, 0, 0, 0]);

        var disconnected = await served.Events.ExpectMsgAsync<SocketEvent>(Patience);
        Assert.Equal(SocketEventKind.Disconnected, disconnected.Kind);
        Assert.Contains("maximum message size", disconnected.Error!.Message, StringComparison.Ordinal);
        await raw.ExpectDisconnectedAsync();
        await AssertStillServingAsync(served);
    }

    // test_security_plain.cpp: a HELLO whose user name length runs past the command
    [Fact]
    public async Task Plain_a_user_name_length_past_the_hello_is_malformed_command_hello()
    {
        using var zap = Runtime.UseZapHandler(new ZapAuthenticator().AllowPlain("admin", "secret").HandleAsync);
        var served = await ServingAsync(SocketType.Pull, Options().UsePlainServer(), SocketType.Push, () => Options().UsePlainClient("admin", "secret"));
        await using var raw = await ZmtpTestPeer.ConnectAsync(served.Endpoint);

        await raw.SendRawAsync([.. ZmtpTestFrames.Greeting(mechanism: "PLAIN"), .. ZmtpTestFrames.Command("HELLO", [200, .. "admin"u8, 6, .. "secret"u8])]);

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpMalformedCommandHello);
        Assert.Equal("PLAIN", (await raw.ExpectGreetingAsync()).Mechanism);
        Assert.Empty(await raw.ExpectDisconnectedAsync()); // no WELCOME, and no ERROR either, as libzmq
        await AssertStillServingAsync(served);
    }

    // test_plain_client_credentials_invalid
    [Fact]
    public async Task Plain_a_wrong_password_is_auth_failed_400_and_the_peer_gets_error_400()
    {
        using var zap = Runtime.UseZapHandler(new ZapAuthenticator().AllowPlain("admin", "secret").HandleAsync);
        var served = await ServingAsync(SocketType.Pull, Options().UsePlainServer(), SocketType.Push, () => Options().UsePlainClient("admin", "secret"));
        await using var raw = await ZmtpTestPeer.ConnectAsync(served.Endpoint);

        await raw.SendRawAsync([.. ZmtpTestFrames.Greeting(mechanism: "PLAIN"), .. ZmtpTestFrames.Command("HELLO", [5, .. "admin"u8, 5, .. "wrong"u8])]);

        await ExpectAuthFailureAsync(served.Events, 400);
        Assert.Equal("PLAIN", (await raw.ExpectGreetingAsync()).Mechanism);
        Assert.Equal([3, .. "400"u8], await raw.ExpectCommandAsync("ERROR"));
        await ExpectClosedWithoutAsync(raw, "WELCOME");
        await AssertStillServingAsync(served);
    }

    [Fact]
    public async Task Plain_initiate_before_hello_is_an_unexpected_command()
    {
        using var zap = Runtime.UseZapHandler(new ZapAuthenticator().AllowPlain("admin", "secret").HandleAsync);
        var served = await ServingAsync(SocketType.Pull, Options().UsePlainServer(), SocketType.Push, () => Options().UsePlainClient("admin", "secret"));
        await using var raw = await ZmtpTestPeer.ConnectAsync(served.Endpoint);

        await raw.SendRawAsync([.. ZmtpTestFrames.Greeting(mechanism: "PLAIN"), .. ZmtpTestFrames.Command("INITIATE", RawCurveClient.Metadata("PUSH"))]);

        await ExpectProtocolFailureAsync(served.Events, ZmqProtocolError.ZmtpUnexpectedCommand);
        Assert.Equal("PLAIN", (await raw.ExpectGreetingAsync()).Mechanism);
        await ExpectClosedWithoutAsync(raw, "READY");
        await AssertStillServingAsync(served);
    }

    // test_security_null.cpp: test_null_security_with_zap_domain refused by the handler
    [Fact]
    public async Task Null_with_a_zap_domain_and_a_handler_that_denies_is_auth_failed_400_and_error_400()
    {
        var denying = false;
        var asked = new List<ZapRequest>();
        using var zap = Runtime.UseZapHandler((request, _) =>
        {
            lock (asked)
            {
                asked.Add(request);
                return ValueTask.FromResult(Volatile.Read(ref denying) ? new ZapReply(400, "No access") : ZapReply.Allow());
            }
        });
        var serverOptions = Options();
        serverOptions.ZapDomain = "test";
        var served = await ServingAsync(SocketType.Pull, serverOptions, SocketType.Push, Options);
        Volatile.Write(ref denying, true);
        await using var raw = await ZmtpTestPeer.ConnectAsync(served.Endpoint);

        await raw.SendRawAsync([.. ZmtpTestFrames.Greeting(), .. ZmtpTestFrames.Ready("PUSH")]);

        await ExpectAuthFailureAsync(served.Events, 400);
        Assert.Equal("NULL", (await raw.ExpectGreetingAsync()).Mechanism);
        Assert.Equal([3, .. "400"u8], await raw.ExpectCommandAsync("ERROR"));
        await ExpectClosedWithoutAsync(raw, "READY");
        lock (asked)
        {
            Assert.Equal(2, asked.Count);
            Assert.All(asked, request => Assert.Equal(("NULL", "test"), (request.Mechanism, request.Domain)));
        }

        Volatile.Write(ref denying, false);
        await AssertStillServingAsync(served);
    }
}
