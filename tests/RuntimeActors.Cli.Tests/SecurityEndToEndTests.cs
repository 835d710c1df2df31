using System.Globalization;
using RuntimeActors.TestKit;

namespace RuntimeActors.Cli.Tests;

/// <summary>keygen, CURVE, PLAIN and the built-in ZAP handler, with the built command run as separate processes.</summary>
public sealed class SecurityEndToEndTests
{
    private const string Wildcard = "tcp://127.0.0.1:*";

    /// <summary>
    /// How long a refused peer waits before it gives up with exit code 3: long enough for a cold process to be
    /// refused first, since the test reads the refusal before the exit.
    /// </summary>
    private static readonly string RefusedTimeout = ((int)Patience.Dilated(TimeSpan.FromSeconds(4)).TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Keygen_prints_a_public_key_and_the_secret_it_derives_from()
    {
        var (publicKey, secretKey) = await KeygenAsync();
        var (otherPublicKey, _) = await KeygenAsync();

        Assert.Equal(40, publicKey.Length);
        Assert.Equal(40, secretKey.Length);
        Assert.Equal(32, Z85.Decode(publicKey).Length);
        Assert.Equal(32, Z85.Decode(secretKey).Length);
        Assert.Equal(publicKey, CurveKeyPair.FromSecret(secretKey).PublicKeyZ85);
        Assert.NotEqual(publicKey, otherPublicKey);
    }

    [Fact]
    public async Task Curve_send_to_recv_with_keys_from_keygen()
    {
        var (serverPublic, serverSecret) = await KeygenAsync();
        await using var recv = RactorsProcess.Start("recv", "pull", "--bind", Wildcard, "--curve-server", serverSecret, "--count", "1");
        var endpoint = await recv.BoundEndpointAsync();

        await using var send = RactorsProcess.Start("send", "push", "--connect", endpoint, "--curve-serverkey", serverPublic, "sealed|with curve");

        Assert.Equal("sealed|with curve", await recv.ReadLineAsync());
        Assert.Equal(0, await recv.ExitCodeAsync());
        Assert.Equal(0, await send.ExitCodeAsync());
        Assert.DoesNotContain("handshake failed", recv.ErrorText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curve_request_to_reply_with_an_allowed_client_key_and_a_zap_domain()
    {
        var server = CurveKeyPair.Generate();
        var client = CurveKeyPair.Generate();
        await using var reply = RactorsProcess.Start(
            "reply", "rep", "--bind", Wildcard, "--curve-server", server.SecretKeyZ85, "--curve-allow", client.PublicKeyZ85, "--zap-domain", "test", "--count", "1", "--prefix", "re:");
        var endpoint = await reply.BoundEndpointAsync();

        await using var request = RactorsProcess.Start(
            "request", "req", "--connect", endpoint, "--curve-serverkey", server.PublicKeyZ85, "--curve-secret", client.SecretKeyZ85, "ping");

        Assert.Equal("re:ping", await request.ReadLineAsync());
        Assert.Equal("ping", await reply.ReadLineAsync());
        Assert.Equal(0, await request.ExitCodeAsync());
        Assert.Equal(0, await reply.ExitCodeAsync());
    }

    [Fact]
    public async Task Plain_send_to_recv_with_an_allowed_user()
    {
        await using var recv = RactorsProcess.Start("recv", "pull", "--bind", Wildcard, "--plain-server", "--plain-allow", "admin:secret", "--plain-allow", "bob:pw", "--count", "1");
        var endpoint = await recv.BoundEndpointAsync();

        await using var send = RactorsProcess.Start("send", "push", "--connect", endpoint, "--plain-user", "admin:secret", "in|plain");

        Assert.Equal("in|plain", await recv.ReadLineAsync());
        Assert.Equal(0, await recv.ExitCodeAsync());
        Assert.Equal(0, await send.ExitCodeAsync());
    }

    [Fact]
    public async Task Plain_with_a_wrong_password_times_out_the_recv_and_both_sides_print_the_auth_failure()
    {
        // The server would send, but no client gets through: its send waits until the test ends.
        await using var server = RactorsProcess.Start("send", "push", "--bind", Wildcard, "--plain-server", "--plain-allow", "admin:secret", "never delivered");
        var endpoint = await server.BoundEndpointAsync();

        await using var recv = RactorsProcess.Start("recv", "pull", "--connect", endpoint, "--plain-user", "admin:wrong", "--timeout", RefusedTimeout);

        Assert.Equal($"handshake failed (auth 400) {endpoint}", await server.ErrorLineAsync("handshake failed"));
        Assert.Equal($"handshake failed (auth 400) {endpoint}", await recv.ErrorLineAsync("handshake failed"));
        Assert.Equal(3, await recv.ExitCodeAsync());
        Assert.Contains("ractors: timeout: EAGAIN", recv.ErrorText, StringComparison.Ordinal);
        Assert.Null(await recv.TryReadLineAsync(RactorsProcess.EventTimeout));
    }

    [Fact]
    public async Task A_curve_allow_server_refuses_an_unlisted_key_and_takes_a_listed_one()
    {
        var server = CurveKeyPair.Generate();
        var listed = CurveKeyPair.Generate();
        var unlisted = CurveKeyPair.Generate();
        await using var recv = RactorsProcess.Start(
            "recv", "pull", "--bind", Wildcard, "--curve-server", server.SecretKeyZ85, "--curve-allow", listed.PublicKeyZ85, "--count", "1");
        var endpoint = await recv.BoundEndpointAsync();

        await using (var refused = RactorsProcess.Start(
            "send", "push", "--connect", endpoint, "--curve-serverkey", server.PublicKeyZ85, "--curve-secret", unlisted.SecretKeyZ85, "--timeout", RefusedTimeout, "refused"))
        {
            Assert.Equal($"handshake failed (auth 400) {endpoint}", await recv.ErrorLineAsync("handshake failed"));
            Assert.Equal($"handshake failed (auth 400) {endpoint}", await refused.ErrorLineAsync("handshake failed"));
            Assert.Equal(3, await refused.ExitCodeAsync());
        }

        // The first message the server prints is the listed client's: the unlisted one's never came in.
        await using var admitted = RactorsProcess.Start(
            "send", "push", "--connect", endpoint, "--curve-serverkey", server.PublicKeyZ85, "--curve-secret", listed.SecretKeyZ85, "let in");

        Assert.Equal("let in", await recv.ReadLineAsync());
        Assert.Equal(0, await admitted.ExitCodeAsync());
        Assert.Equal(0, await recv.ExitCodeAsync());
    }

    [Fact]
    public async Task A_curve_client_with_the_wrong_server_key_makes_the_server_print_a_protocol_failure()
    {
        var server = CurveKeyPair.Generate();
        await using var recv = RactorsProcess.Start("recv", "pull", "--bind", Wildcard, "--curve-server", server.SecretKeyZ85);
        var endpoint = await recv.BoundEndpointAsync();

        await using var send = RactorsProcess.Start(
            "send", "push", "--connect", endpoint, "--curve-serverkey", CurveKeyPair.Generate().PublicKeyZ85, "--timeout", RefusedTimeout, "lost");

        Assert.Equal($"handshake failed (protocol ZmtpCryptographic) {endpoint}", await recv.ErrorLineAsync("handshake failed"));
        Assert.Equal(3, await send.ExitCodeAsync());
    }

    private static async Task<(string Public, string Secret)> KeygenAsync()
    {
        await using var keygen = RactorsProcess.Start("keygen");

        var first = await keygen.ReadLineAsync();
        var second = await keygen.ReadLineAsync();

        Assert.Null(await keygen.TryReadLineAsync(RactorsProcess.EventTimeout));
        Assert.Equal(0, await keygen.ExitCodeAsync());
        Assert.Equal(string.Empty, keygen.ErrorText);
        Assert.StartsWith("public: ", first, StringComparison.Ordinal);
        Assert.StartsWith("secret: ", second, StringComparison.Ordinal);
        return (first["public: ".Length..], second["secret: ".Length..]);
    }
}
