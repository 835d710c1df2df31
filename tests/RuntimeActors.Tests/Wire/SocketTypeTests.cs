using RuntimeActors.Sockets;
using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Wire;

public class SocketTypeTests
{
    [Theory]
    [InlineData(SocketType.Pair, 0, "PAIR")]
    [InlineData(SocketType.Pub, 1, "PUB")]
    [InlineData(SocketType.Sub, 2, "SUB")]
    [InlineData(SocketType.Req, 3, "REQ")]
    [InlineData(SocketType.Rep, 4, "REP")]
    [InlineData(SocketType.Dealer, 5, "DEALER")]
    [InlineData(SocketType.Router, 6, "ROUTER")]
    [InlineData(SocketType.Pull, 7, "PULL")]
    [InlineData(SocketType.Push, 8, "PUSH")]
    [InlineData(SocketType.XPub, 9, "XPUB")]
    [InlineData(SocketType.XSub, 10, "XSUB")]
    public void Values_and_wire_names_match_libzmq(SocketType type, int libzmqValue, string wireName)
    {
        Assert.Equal(libzmqValue, (int)type);
        Assert.Equal(wireName, ZmtpSocketTypeNames.ToWireName(type));
        Assert.Equal(type, ZmtpSocketTypeNames.Parse(System.Text.Encoding.ASCII.GetBytes(wireName)));
    }

    [Fact]
    public void Every_socket_type_has_a_wire_name()
    {
        Assert.Equal(11, Enum.GetValues<SocketType>().Length);
        Assert.Equal(11, Enum.GetValues<SocketType>().Select(ZmtpSocketTypeNames.ToWireName).Distinct().Count());
    }

    [Fact]
    public void Parse_ignores_case_as_ABNF_strings_do()
    {
        Assert.Equal(SocketType.Dealer, ZmtpSocketTypeNames.Parse("dealer"u8));
        Assert.Equal(SocketType.XSub, ZmtpSocketTypeNames.Parse("XSub"u8));
    }

    [Theory]
    [InlineData("SERVER")]
    [InlineData("STREAM")]
    [InlineData("")]
    [InlineData("DEALER ")]
    public void Parse_names_the_unknown_string(string name)
    {
        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpSocketTypeNames.Parse(System.Text.Encoding.ASCII.GetBytes(name)));

        Assert.Equal(ZmtpError.UnknownSocketType, error.Error);
        Assert.Contains($"Socket-Type \"{name}\" is not a socket type this runtime supports", error.Message, StringComparison.Ordinal);
        Assert.False(ZmtpSocketTypeNames.TryParse(System.Text.Encoding.ASCII.GetBytes(name), out _));
    }

    [Fact]
    public void Parse_escapes_unprintable_names_in_the_error()
    {
        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpSocketTypeNames.Parse([(byte)'P', 0x00, 0x0A]));

        Assert.Contains("\"P\\x00\\x0A\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWireName_refuses_values_outside_the_enum()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ZmtpSocketTypeNames.ToWireName((SocketType)11));
    }

    [Fact]
    public void Compatibility_matches_the_RFC_37_table_exactly()
    {
        var legal = new HashSet<(SocketType, SocketType)>
        {
            (SocketType.Req, SocketType.Rep), (SocketType.Req, SocketType.Router),
            (SocketType.Rep, SocketType.Req), (SocketType.Rep, SocketType.Dealer),
            (SocketType.Dealer, SocketType.Rep), (SocketType.Dealer, SocketType.Dealer), (SocketType.Dealer, SocketType.Router),
            (SocketType.Router, SocketType.Req), (SocketType.Router, SocketType.Dealer), (SocketType.Router, SocketType.Router),
            (SocketType.Pub, SocketType.Sub), (SocketType.Pub, SocketType.XSub),
            (SocketType.XPub, SocketType.Sub), (SocketType.XPub, SocketType.XSub),
            (SocketType.Sub, SocketType.Pub), (SocketType.Sub, SocketType.XPub),
            (SocketType.XSub, SocketType.Pub), (SocketType.XSub, SocketType.XPub),
            (SocketType.Push, SocketType.Pull),
            (SocketType.Pull, SocketType.Push),
            (SocketType.Pair, SocketType.Pair),
        };

        foreach (var a in Enum.GetValues<SocketType>())
        {
            foreach (var b in Enum.GetValues<SocketType>())
            {
                Assert.True(
                    legal.Contains((a, b)) == SocketTypeCompatibility.AreCompatible(a, b),
                    $"{a} with {b}: expected {(legal.Contains((a, b)) ? "compatible" : "incompatible")}");
            }
        }
    }

    [Fact]
    public void Compatibility_is_symmetric()
    {
        foreach (var a in Enum.GetValues<SocketType>())
        {
            foreach (var b in Enum.GetValues<SocketType>())
            {
                Assert.Equal(SocketTypeCompatibility.AreCompatible(a, b), SocketTypeCompatibility.AreCompatible(b, a));
            }
        }
    }
}
