namespace RuntimeActors.Cli.Tests;

/// <summary>keygen, CURVE, PLAIN and the built-in ZAP handler, with the built command run as separate processes.</summary>
public sealed class SecurityEndToEndTests
{
    private const string Wildcard = "tcp://127.0.0.1:*";

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
