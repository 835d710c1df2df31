using System.Net;

namespace RuntimeActors.Transports.Tcp.Tests;

public class TcpAddressParseTests
{
    [Theory]
    [InlineData("*:5555", "*", "0.0.0.0", 5555)]
    [InlineData("*:*", "*", "0.0.0.0", 0)]
    [InlineData("*:0", "*", "0.0.0.0", 0)]
    [InlineData("127.0.0.1:5555", "127.0.0.1", "127.0.0.1", 5555)]
    [InlineData("127.0.0.1:0", "127.0.0.1", "127.0.0.1", 0)]
    [InlineData("0.0.0.0:1", "0.0.0.0", "0.0.0.0", 1)]
    [InlineData("255.255.255.255:65535", "255.255.255.255", "255.255.255.255", 65535)]
    [InlineData("[::1]:5555", "::1", "::1", 5555)]
    [InlineData("[::1]:*", "::1", "::1", 0)]
    [InlineData("[::]:5555", "::", "::", 5555)]
    [InlineData("[fe80::1%1]:5555", "fe80::1%1", "fe80::1%1", 5555)]
    [InlineData("localhost:5555", "localhost", null, 5555)]
    [InlineData("localhost:*", "localhost", null, 0)]
    [InlineData("my-host.example.org:00080", "my-host.example.org", null, 80)]
    public void Parses_bind_addresses(string address, string host, string? literal, int port)
    {
        var parsed = TcpAddress.Parse(address, EndpointUse.Bind);

        Assert.Equal(host, parsed.Host);
        Assert.Equal(literal is null ? null : IPAddress.Parse(literal), parsed.Literal);
        Assert.Equal(port, parsed.Port);
        Assert.Equal(EndpointUse.Bind, parsed.Use);
        Assert.Equal(address, parsed.Address);
        Assert.Equal($"tcp://{address}", parsed.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:5555", "127.0.0.1", "127.0.0.1", 5555)]
    [InlineData("10.1.2.3:1", "10.1.2.3", "10.1.2.3", 1)]
    [InlineData("[::1]:65535", "::1", "::1", 65535)]
    [InlineData("[2001:db8::7]:80", "2001:db8::7", "2001:db8::7", 80)]
    [InlineData("localhost:5555", "localhost", null, 5555)]
    [InlineData("example.com:80", "example.com", null, 80)]
    [InlineData("host_name-2:9", "host_name-2", null, 9)]
    [InlineData("fqdn.example.:9", "fqdn.example.", null, 9)]
    public void Parses_connect_addresses(string address, string host, string? literal, int port)
    {
        var parsed = TcpAddress.Parse(address, EndpointUse.Connect);

        Assert.Equal(host, parsed.Host);
        Assert.Equal(literal is null ? null : IPAddress.Parse(literal), parsed.Literal);
        Assert.Equal(port, parsed.Port);
        Assert.Equal(EndpointUse.Connect, parsed.Use);
        Assert.Equal($"tcp://{address}", parsed.ToString());
    }

    [Theory]
    [InlineData(EndpointUse.Connect, "", "the address is empty; expected host:port")]
    [InlineData(EndpointUse.Connect, "localhost", "the port is missing; expected host:port")]
    [InlineData(EndpointUse.Bind, "127.0.0.1", "the port is missing; expected interface:port")]
    [InlineData(EndpointUse.Connect, "localhost:", "the port is missing after ':'")]
    [InlineData(EndpointUse.Connect, "localhost:abc", "the port 'abc' is not a number")]
    [InlineData(EndpointUse.Connect, "localhost:-1", "the port '-1' is not a number")]
    [InlineData(EndpointUse.Connect, "localhost:+80", "the port '+80' is not a number")]
    [InlineData(EndpointUse.Connect, "localhost: 80", "the port ' 80' is not a number")]
    [InlineData(EndpointUse.Connect, "localhost:5555x", "the port '5555x' is not a number")]
    [InlineData(EndpointUse.Bind, "*:**", "the port '**' is not a number")]
    [InlineData(EndpointUse.Connect, "localhost:65536", "the port '65536' is out of range (1-65535)")]
    [InlineData(EndpointUse.Bind, "*:99999999999", "the port '99999999999' is out of range (1-65535)")]
    [InlineData(EndpointUse.Connect, "localhost:*", "the port '*' (any free port) can only be bound, not connected to")]
    [InlineData(EndpointUse.Connect, "localhost:0", "the port 0 (any free port) can only be bound, not connected to")]
    [InlineData(EndpointUse.Connect, "*:5555", "the interface '*' (all interfaces) can only be bound; name the host to connect to")]
    [InlineData(EndpointUse.Connect, ":5555", "the host is empty")]
    [InlineData(EndpointUse.Bind, ":5555", "the interface is empty; use * for all interfaces")]
    [InlineData(EndpointUse.Connect, "[::1:5555", "the '[' that opens an IPv6 address has no matching ']'")]
    [InlineData(EndpointUse.Connect, "::1]:5555", "the brackets are unbalanced; an IPv6 address is written [::1]:port")]
    [InlineData(EndpointUse.Connect, "host[1]:5555", "the brackets are unbalanced; an IPv6 address is written [::1]:port")]
    [InlineData(EndpointUse.Connect, "[::1]5555", "'5555' follows ']'; expected ':port'")]
    [InlineData(EndpointUse.Connect, "[::1]", "the port is missing; expected [ipv6]:port")]
    [InlineData(EndpointUse.Connect, "[]:5555", "the brackets hold no IPv6 address")]
    [InlineData(EndpointUse.Connect, "::1:5555", "an IPv6 address must be enclosed in brackets, as in [::1]:port")]
    [InlineData(EndpointUse.Bind, "fe80::1:5555", "an IPv6 address must be enclosed in brackets, as in [::1]:port")]
    [InlineData(EndpointUse.Connect, "[127.0.0.1]:5555", "'127.0.0.1' in brackets is not an IPv6 address")]
    [InlineData(EndpointUse.Connect, "[localhost]:5555", "'localhost' in brackets is not an IPv6 address")]
    [InlineData(EndpointUse.Connect, "256.0.0.1:5555", "'256.0.0.1' is not a valid IPv4 address")]
    [InlineData(EndpointUse.Connect, "127.1:5555", "'127.1' is not a valid IPv4 address")]
    [InlineData(EndpointUse.Connect, "127.0.0.01:5555", "'127.0.0.01' is not a valid IPv4 address")]
    [InlineData(EndpointUse.Connect, "1.2.3.4.5:5555", "'1.2.3.4.5' is not a valid IPv4 address")]
    [InlineData(EndpointUse.Connect, "bad host:5555", "the host 'bad host' is not a valid host name: it contains ' '")]
    [InlineData(EndpointUse.Connect, "a..b:5555", "the host 'a..b' is not a valid host name: it has an empty label")]
    [InlineData(EndpointUse.Connect, "10.0.0.1;127.0.0.1:5555", "source addresses ('source;host:port') are not supported")]
    [InlineData(EndpointUse.Connect, "localhost:5555/path", "a tcp address has no path; expected host:port")]
    public void Rejects_malformed_addresses_with_EINVAL_naming_the_endpoint(EndpointUse use, string address, string reason)
    {
        var error = Assert.Throws<ZmqException>(() => TcpAddress.Parse(address, use));

        Assert.Equal(ZmqError.InvalidArgument, error.Error);
        Assert.Equal($"tcp://{address}", error.Endpoint);
        Assert.Equal(reason, error.Reason);
        Assert.Equal($"EINVAL: tcp://{address}: {reason}", error.Message);
    }

    [Fact]
    public void Rejects_a_host_name_longer_than_DNS_allows()
    {
        var host = string.Join('.', Enumerable.Repeat(new string('a', 63), 4));
        Assert.Equal(255, host.Length);

        var error = Assert.Throws<ZmqException>(() => TcpAddress.Parse($"{host}:1", EndpointUse.Connect));

        Assert.Equal(ZmqError.InvalidArgument, error.Error);
        Assert.Equal("the host name is longer than 253 characters", error.Reason);
    }

    [Fact]
    public void The_transport_resolves_through_the_parser_without_io()
    {
        var transport = new TcpTransport();

        var address = transport.Resolve("no-such-host.invalid:5555", EndpointUse.Connect);

        Assert.Equal("tcp", transport.Name);
        Assert.Equal("tcp", address.Transport);
        Assert.Equal("tcp://no-such-host.invalid:5555", address.ToString());
        Assert.Throws<ZmqException>(() => transport.Resolve("no-such-host.invalid", EndpointUse.Connect));
    }

    [Theory]
    [InlineData("127.0.0.1", 5555, "tcp://127.0.0.1:5555")]
    [InlineData("0.0.0.0", 49152, "tcp://0.0.0.0:49152")]
    [InlineData("::1", 49153, "tcp://[::1]:49153")]
    [InlineData("::ffff:127.0.0.1", 7, "tcp://127.0.0.1:7")]
    public void Formats_socket_ends_as_endpoints(string ip, int port, string expected)
    {
        Assert.Equal(expected, TcpAddress.FormatEndpoint(new IPEndPoint(IPAddress.Parse(ip), port)));
    }
}
