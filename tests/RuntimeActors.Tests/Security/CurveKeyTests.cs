using System.Text;
using RuntimeActors.Security;

namespace RuntimeActors.Tests.Security;

public class CurveKeyTests
{
    private const string ServerPublicZ85 = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
    private const string Option = "ZMQ_CURVE_SERVERKEY";

    private static readonly byte[] ServerPublic = Z85.Decode(ServerPublicZ85);

    [Fact]
    public void Thirty_two_raw_bytes_are_the_key()
    {
        var key = CurveKey.Parse(ServerPublic.AsSpan(), Option);

        Assert.Equal(ServerPublic, key);
        Assert.NotSame(ServerPublic, key);
    }

    [Fact]
    public void Forty_Z85_characters_are_the_key()
    {
        Assert.Equal(ServerPublic, CurveKey.Parse(ServerPublicZ85, Option));
    }

    [Fact]
    public void Forty_bytes_of_ASCII_Z85_are_the_key_as_zmq_setsockopt_reads_them()
    {
        Assert.Equal(ServerPublic, CurveKey.Parse(Encoding.ASCII.GetBytes(ServerPublicZ85).AsSpan(), Option));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(39)]
    [InlineData(41)]
    public void Any_other_number_of_bytes_is_EINVAL_naming_the_option_and_the_length(int length)
    {
        var e = Assert.Throws<ZmqException>(() => CurveKey.Parse(new byte[length].AsSpan(), Option));

        Assert.Equal(ZmqError.InvalidArgument, e.Error);
        Assert.Null(e.Endpoint);
        Assert.Contains(Option, e.Message, StringComparison.Ordinal);
        Assert.Contains($"got {length} bytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf")]
    [InlineData("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf70")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public void Text_of_any_other_length_is_EINVAL_naming_the_option_and_the_length(string value)
    {
        var e = Assert.Throws<ZmqException>(() => CurveKey.Parse(value, Option));

        Assert.Equal(ZmqError.InvalidArgument, e.Error);
        Assert.Contains(Option, e.Message, StringComparison.Ordinal);
        Assert.Contains($"got {value.Length} characters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forty_characters_outside_the_Z85_alphabet_are_EINVAL()
    {
        const string notZ85 = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf~";

        var fromText = Assert.Throws<ZmqException>(() => CurveKey.Parse(notZ85, Option));
        var fromBytes = Assert.Throws<ZmqException>(() => CurveKey.Parse(Encoding.ASCII.GetBytes(notZ85).AsSpan(), Option));

        Assert.Equal(ZmqError.InvalidArgument, fromText.Error);
        Assert.Equal(ZmqError.InvalidArgument, fromBytes.Error);
        Assert.Contains(Option, fromText.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forty_bytes_that_are_not_ASCII_are_EINVAL()
    {
        var bytes = Encoding.ASCII.GetBytes(ServerPublicZ85);
        bytes[3] = 0xC3;

        var e = Assert.Throws<ZmqException>(() => CurveKey.Parse(bytes.AsSpan(), Option));

        Assert.Equal(ZmqError.InvalidArgument, e.Error);
    }

    [Fact]
    public void A_null_string_is_EINVAL()
    {
        var e = Assert.Throws<ZmqException>(() => CurveKey.Parse((string)null!, Option));

        Assert.Equal(ZmqError.InvalidArgument, e.Error);
    }
}
