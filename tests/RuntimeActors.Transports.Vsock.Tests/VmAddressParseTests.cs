using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock.Tests;

public class VmAddressParseTests
{
    private const uint Any = uint.MaxValue;

    [Theory]
    [InlineData("*:5555", "Any", Any, 5555u)]
    [InlineData("-1:5555", "Any", Any, 5555u)]
    [InlineData("4294967295:5555", "Any", Any, 5555u)]
    [InlineData("@:5555", "Local", Any, 5555u)]
    [InlineData("3:5555", "Number", 3u, 5555u)]
    [InlineData("1:*", "Number", 1u, Any)]
    [InlineData("1:-1", "Number", 1u, Any)]
    [InlineData("0:0", "Number", 0u, 0u)]
    [InlineData("*:4294967294", "Any", Any, 4294967294u)]
    [InlineData("0002:00080", "Number", 2u, 80u)]
    public void Parses_bind_addresses(string address, string kind, uint cid, uint port)
    {
        var parsed = VmAddress.Parse("vsock", address, EndpointUse.Bind);

        Assert.Equal(Enum.Parse<VmCid>(kind), parsed.Cid);
        Assert.Equal(cid, parsed.CidNumber);
        Assert.Equal(port, parsed.Port);
        Assert.False(parsed.ToHost);
        Assert.Equal(EndpointUse.Bind, parsed.Use);
        Assert.Equal(address, parsed.Address);
        Assert.Equal($"vsock://{address}", parsed.ToString());
    }

    [Theory]
    [InlineData("1:5555", 1u, 5555u, false)]
    [InlineData("2:1024", 2u, 1024u, false)]
    [InlineData("3:4294967294", 3u, 4294967294u, false)]
    [InlineData("2:5555?to-host", 2u, 5555u, true)]
    [InlineData("4294967294:1", 4294967294u, 1u, false)]
    public void Parses_connect_addresses(string address, uint cid, uint port, bool toHost)
    {
        var parsed = VmAddress.Parse("vmci", address, EndpointUse.Connect);

        Assert.Equal(VmCid.Number, parsed.Cid);
        Assert.Equal(cid, parsed.CidNumber);
        Assert.Equal(port, parsed.Port);
        Assert.Equal(toHost, parsed.ToHost);
        Assert.Equal(toHost ? SockaddrVm.FlagToHost : 0, parsed.Flags);
        Assert.Equal($"vmci://{address}", parsed.ToString());
    }

    [Theory]
    [InlineData(EndpointUse.Bind, "", "the address is empty; expected cid:port, where cid may be * or @ and port may be *")]
    [InlineData(EndpointUse.Connect, "3", "the port is missing; expected cid:port with a numeric cid and port")]
    [InlineData(EndpointUse.Bind, ":5555", "the CID is empty; use * for every CID or @ for this machine")]
    [InlineData(EndpointUse.Connect, ":5555", "the CID is empty")]
    [InlineData(EndpointUse.Connect, "3:", "the port is missing after ':'")]
    [InlineData(EndpointUse.Connect, "*:5555", "the CID '*' (every CID) can only be bound; a connect needs a numeric CID")]
    [InlineData(EndpointUse.Connect, "-1:5555", "the CID '-1' (every CID) can only be bound; a connect needs a numeric CID")]
    [InlineData(EndpointUse.Connect, "@:5555", "the CID '@' (the loopback CID 1) can only be bound; a connect needs a numeric CID")]
    [InlineData(EndpointUse.Connect, "4294967295:5555", "the CID 4294967295 is VMADDR_CID_ANY, which can only be bound; a connect needs the CID of a peer")]
    [InlineData(EndpointUse.Connect, "3:*", "the port '*' (any free port) can only be bound; a connect needs a numeric port")]
    [InlineData(EndpointUse.Connect, "3:-1", "the port '-1' (any free port) can only be bound; a connect needs a numeric port")]
    [InlineData(EndpointUse.Connect, "3:4294967295", "the port 4294967295 is VMADDR_PORT_ANY, which can only be bound; a connect needs the port of a peer")]
    [InlineData(EndpointUse.Bind, "host:5555", "the CID 'host' is not a number from 0 to 4294967295, * or @")]
    [InlineData(EndpointUse.Bind, "+3:5555", "the CID '+3' is not a number from 0 to 4294967295, * or @")]
    [InlineData(EndpointUse.Bind, "4294967296:5555", "the CID '4294967296' is not a number from 0 to 4294967295, * or @")]
    [InlineData(EndpointUse.Bind, "3:http", "the port 'http' is not a number from 0 to 4294967295, * or -1")]
    [InlineData(EndpointUse.Bind, "3: 5", "the port ' 5' is not a number from 0 to 4294967295, * or -1")]
    [InlineData(EndpointUse.Bind, "3:99999999999", "the port '99999999999' is not a number from 0 to 4294967295, * or -1")]
    [InlineData(EndpointUse.Bind, "[::1]:5555", "the CID '[::1]' is not a number from 0 to 4294967295, * or @")]
    [InlineData(EndpointUse.Bind, "*:5555?to-host", "'?to-host' only applies to connecting; a bind has no destination")]
    [InlineData(EndpointUse.Connect, "2:5555?tohost", "the endpoint option 'tohost' is unknown; the only option is '?to-host'")]
    [InlineData(EndpointUse.Connect, "2:5555?", "an endpoint option is empty; the only option is '?to-host'")]
    public void Rejects_malformed_addresses_with_EINVAL_naming_the_endpoint(EndpointUse use, string address, string reason)
    {
        var failure = Assert.Throws<ZmqException>(() => VmAddress.Parse("vsock", address, use));

        Assert.Equal(ZmqError.InvalidArgument, failure.Error);
        Assert.Equal($"vsock://{address}", failure.Endpoint);
        Assert.Equal(reason, failure.Reason);
        Assert.Equal($"EINVAL: vsock://{address}: {reason}", failure.Message);
    }

    [Fact]
    public void Names_the_local_CID_of_vmci_in_its_own_words()
    {
        var failure = Assert.Throws<ZmqException>(() => VmAddress.Parse("vmci", "@:5555", EndpointUse.Connect));

        Assert.Equal("the CID '@' (the local CID) can only be bound; a connect needs a numeric CID", failure.Reason);
    }

    [Theory]
    [InlineData(3u, 5555u, "vsock://3:5555")]
    [InlineData(uint.MaxValue, 2743107225u, "vsock://*:2743107225")]
    [InlineData(1u, uint.MaxValue, "vsock://1:*")]
    [InlineData(0u, 0u, "vsock://0:0")]
    public void Formats_endpoints_as_libzmq_does(uint cid, uint port, string expected) =>
        Assert.Equal(expected, VmAddress.FormatEndpoint("vsock", new SockaddrVm(cid, port)));
}
