using RuntimeActors.Transports.Pgm.Net;

namespace RuntimeActors.Transports.Pgm.Tests;

public sealed class PgmAddressTests
{
    [Theory]
    [InlineData("127.0.0.1;239.192.1.1:5555", "127.0.0.1", "239.192.1.1", 5555)]
    [InlineData("eth0;224.0.0.1:1", "eth0", "224.0.0.1", 1)]
    [InlineData("lo;239.255.255.255:65535", "lo", "239.255.255.255", 65535)]
    public void Valid_addresses_parse(string text, string iface, string group, int port)
    {
        var address = PgmAddress.Parse("epgm", text);
        Assert.Equal(iface, address.Interface);
        Assert.Equal(group, address.Group.ToString());
        Assert.Equal(port, address.Port);
        Assert.Equal($"epgm://{text}", address.ToString());
    }

    [Theory]
    [InlineData("239.192.1.1:5555", "interface is missing")]
    [InlineData(";239.192.1.1:5555", "interface before ';' is empty")]
    [InlineData("lo;239.192.1.1", "port is missing")]
    [InlineData("lo;:5555", "multicast address is empty")]
    [InlineData("lo;10.0.0.1:5555", "not a multicast address")]
    [InlineData("lo;239.192.1:5555", "not an IPv4 address")]
    [InlineData("lo;[ff02::1]:5555", "IPv6")]
    [InlineData("lo;239.192.1.1:0", "out of range")]
    [InlineData("lo;239.192.1.1:65536", "out of range")]
    [InlineData("lo;239.192.1.1:port", "not a number")]
    [InlineData("127.0.0.300;239.192.1.1:5555", "not a valid IPv4 address")]
    [InlineData("lo;239.192.1.1;239.192.1.2:5555", "more than one ';'")]
    public void Malformed_addresses_fail_with_einval(string text, string reason)
    {
        var e = Assert.Throws<ZmqException>(() => PgmAddress.Parse("pgm", text));
        Assert.Equal(ZmqError.InvalidArgument, e.Error);
        Assert.Equal($"pgm://{text}", e.Endpoint);
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_interface_name_fails_with_enodev()
    {
        var e = Assert.Throws<ZmqException>(() => PgmAddress.Parse("epgm", "nosuchif0;239.192.1.1:5555").ResolveInterface());
        Assert.Equal(ZmqError.NoDevice, e.Error);
    }

    [Fact]
    public async Task Listen_and_connect_are_not_for_multicast()
    {
        var transport = new PgmTransport("epgm");
        var address = transport.Resolve("127.0.0.1;239.192.1.1:5555", EndpointUse.Bind);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await transport.ListenAsync(address, default));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await transport.ConnectAsync(address, default));
        Assert.True(transport.Supports(SocketType.Sub));
        Assert.False(transport.Supports(SocketType.Push));
    }
}
