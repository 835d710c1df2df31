namespace RuntimeActors.Cli.Tests;

/// <summary>keygen, with the built command run as a separate process.</summary>
public sealed class SecurityEndToEndTests
{
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
