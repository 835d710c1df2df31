namespace RuntimeActors.Tests.Security;

public class CurveKeyPairTests
{
    // The example key pairs of zmq_curve(7): a client's and a server's.
    [Theory]
    [InlineData("Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID", "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs")]
    [InlineData("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6")]
    public void FromSecret_derives_the_public_key_of_the_zmq_curve_examples(string publicKey, string secretKey)
    {
        var pair = CurveKeyPair.FromSecret(secretKey);

        Assert.Equal(publicKey, pair.PublicKeyZ85);
        Assert.Equal(secretKey, pair.SecretKeyZ85);
        Assert.Equal(Z85.Decode(publicKey), pair.PublicKey.ToArray());
        Assert.Equal(Z85.Decode(secretKey), pair.SecretKey.ToArray());
    }

    [Fact]
    public void FromSecret_takes_raw_bytes_too()
    {
        var pair = CurveKeyPair.FromSecret(Z85.Decode("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6").AsSpan());

        Assert.Equal("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", pair.PublicKeyZ85);
    }

    [Fact]
    public void FromSecret_copies_the_bytes_it_is_given()
    {
        var secret = Z85.Decode("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6");
        var pair = CurveKeyPair.FromSecret(secret.AsSpan());

        secret[0] ^= 0xFF;

        Assert.Equal("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6", pair.SecretKeyZ85);
    }

    [Fact]
    public void Generate_makes_a_consistent_fresh_pair_each_time()
    {
        var first = CurveKeyPair.Generate();
        var second = CurveKeyPair.Generate();

        Assert.Equal(32, first.PublicKey.Length);
        Assert.Equal(32, first.SecretKey.Length);
        Assert.Equal(40, first.PublicKeyZ85.Length);
        Assert.Equal(first.PublicKeyZ85, CurveKeyPair.FromSecret(first.SecretKey.Span).PublicKeyZ85);
        Assert.NotEqual(first.SecretKeyZ85, second.SecretKeyZ85);
        Assert.NotEqual(first.PublicKeyZ85, second.PublicKeyZ85);
    }

    [Fact]
    public void ToString_shows_the_public_key_and_never_the_secret()
    {
        var pair = CurveKeyPair.FromSecret("D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs");

        Assert.Equal("Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID", pair.ToString());
        Assert.DoesNotContain(pair.SecretKeyZ85, pair.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(40)]
    public void FromSecret_rejects_bytes_of_the_wrong_size(int length)
    {
        var e = Assert.Throws<ArgumentException>(() => CurveKeyPair.FromSecret(new byte[length].AsSpan()));

        Assert.Equal("secretKey", e.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%c")]
    [InlineData("D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs0")]
    public void FromSecret_rejects_text_of_the_wrong_size(string secretKey)
    {
        var e = Assert.Throws<ArgumentException>(() => CurveKeyPair.FromSecret(secretKey));

        Assert.Equal("secretKeyZ85", e.ParamName);
    }

    [Fact]
    public void FromSecret_rejects_text_that_is_not_Z85()
    {
        Assert.Throws<FormatException>(() => CurveKeyPair.FromSecret("D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%c "));
    }
}
