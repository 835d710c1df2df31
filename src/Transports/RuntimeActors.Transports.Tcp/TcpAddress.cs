using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.Transports.Tcp;

/// <summary>
/// A tcp address as zmq_tcp(7) writes it: <c>host:port</c>, where the host is an IPv4 literal, an IPv6 literal
/// in brackets, a host name, or <c>*</c> (bind only), and the port is 1..65535, or <c>*</c>/<c>0</c> (bind only).
/// </summary>
internal sealed class TcpAddress : TransportAddress
{
    /// <summary>The longest host name DNS can carry (RFC 1035, without the trailing dot).</summary>
    private const int MaxHostNameLength = 253;

    private TcpAddress(string address, EndpointUse use, string host, IPAddress? literal, int port)
    {
        Address = address;
        Use = use;
        Host = host;
        Literal = literal;
        Port = port;
    }

    /// <inheritdoc />
    public override string Transport => TcpTransport.TransportName;

    /// <inheritdoc />
    public override string Address { get; }

    /// <summary>Whether the address was validated for binding or for connecting.</summary>
    public EndpointUse Use { get; }

    /// <summary>The host as written, without brackets: <c>*</c>, a literal or a name.</summary>
    public string Host { get; }

    /// <summary>The IP address when the host is a literal (<see cref="IPAddress.Any"/> for <c>*</c>); null for a name still to resolve.</summary>
    public IPAddress? Literal { get; }

    /// <summary>The port; 0 asks the operating system for an ephemeral port (bind only).</summary>
    public int Port { get; }

    /// <summary>
    /// Parses <paramref name="address"/> (the part after <c>tcp://</c>) without any I/O.
    /// </summary>
    /// <exception cref="ZmqException">EINVAL, naming the endpoint and what was wrong.</exception>
    public static TcpAddress Parse(string address, EndpointUse use)
    {
        ArgumentNullException.ThrowIfNull(address);
        var endpoint = $"{TcpTransport.TransportName}://{address}";
        var binding = use == EndpointUse.Bind;
        var shape = binding ? "interface:port" : "host:port";

        if (address.Length == 0)
        {
            throw Invalid(endpoint, $"the address is empty; expected {shape}");
        }

        // libzmq reads 'source;destination' as a source address for connect; we do not bind sources.
        if (address.Contains(';', StringComparison.Ordinal))
        {
            throw Invalid(endpoint, "source addresses ('source;host:port') are not supported");
        }

        if (address.Contains('/', StringComparison.Ordinal))
        {
            throw Invalid(endpoint, $"a tcp address has no path; expected {shape}");
        }

        string host;
        string port;
        var bracketed = address[0] == '[';
        if (bracketed)
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid(endpoint, "the '[' that opens an IPv6 address has no matching ']'");
            }

            host = address[1..close];
            var rest = address[(close + 1)..];
            if (rest.Length == 0)
            {
                throw Invalid(endpoint, "the port is missing; expected [ipv6]:port");
            }

            if (rest[0] != ':')
            {
                throw Invalid(endpoint, $"'{rest}' follows ']'; expected ':port'");
            }

            port = rest[1..];
        }
        else
        {
            if (address.Contains('[', StringComparison.Ordinal) || address.Contains(']', StringComparison.Ordinal))
            {
                throw Invalid(endpoint, "the brackets are unbalanced; an IPv6 address is written [::1]:port");
            }

            var colon = address.LastIndexOf(':');
            if (colon < 0)
            {
                throw Invalid(endpoint, $"the port is missing; expected {shape}");
            }

            host = address[..colon];
            port = address[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                throw Invalid(endpoint, "an IPv6 address must be enclosed in brackets, as in [::1]:port");
            }
        }

        var portNumber = ParsePort(endpoint, port, binding);
        var literal = ParseHost(endpoint, host, bracketed, binding);
        return new TcpAddress(address, use, host, literal, portNumber);
    }

    /// <summary>The endpoint string of a socket end, e.g. <c>tcp://127.0.0.1:5555</c> or <c>tcp://[::1]:5555</c>.</summary>
    public static string FormatEndpoint(EndPoint? endPoint)
    {
        if (endPoint is not IPEndPoint ip)
        {
            return $"{TcpTransport.TransportName}://{endPoint}";
        }

        // Dual-mode sockets report IPv4 peers as ::ffff:a.b.c.d; libzmq prints them as plain IPv4.
        var address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"{TcpTransport.TransportName}://[{address}]:{ip.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{TcpTransport.TransportName}://{address}:{ip.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static int ParsePort(string endpoint, string port, bool binding)
    {
        if (port.Length == 0)
        {
            throw Invalid(endpoint, "the port is missing after ':'");
        }

        if (port == "*")
        {
            return binding ? 0 : throw Invalid(endpoint, "the port '*' (any free port) can only be bound, not connected to");
        }

        foreach (var c in port)
        {
            if (!char.IsAsciiDigit(c))
            {
                throw Invalid(endpoint, $"the port '{port}' is not a number");
            }
        }

        // Nine digits always fit an int; anything longer is out of range anyway.
        var value = port.Length > 9 ? int.MaxValue : int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture);
        if (value > IPEndPoint.MaxPort)
        {
            throw Invalid(endpoint, $"the port '{port}' is out of range (1-65535)");
        }

        if (value == 0 && !binding)
        {
            throw Invalid(endpoint, "the port 0 (any free port) can only be bound, not connected to");
        }

        return value;
    }

    private static IPAddress? ParseHost(string endpoint, string host, bool bracketed, bool binding)
    {
        if (bracketed)
        {
            if (host.Length == 0)
            {
                throw Invalid(endpoint, "the brackets hold no IPv6 address");
            }

            return IPAddress.TryParse(host, out var ipv6) && ipv6.AddressFamily == AddressFamily.InterNetworkV6
                ? ipv6
                : throw Invalid(endpoint, $"'{host}' in brackets is not an IPv6 address");
        }

        if (host.Length == 0)
        {
            throw Invalid(endpoint, binding ? "the interface is empty; use * for all interfaces" : "the host is empty");
        }

        if (host == "*")
        {
            // libzmq without ZMQ_IPV6 binds '*' to every IPv4 interface.
            return binding
                ? IPAddress.Any
                : throw Invalid(endpoint, "the interface '*' (all interfaces) can only be bound; name the host to connect to");
        }

        if (IsDigitsAndDots(host))
        {
            return TryParseDottedQuad(host, out var ipv4)
                ? ipv4
                : throw Invalid(endpoint, $"'{host}' is not a valid IPv4 address");
        }

        ValidateHostName(endpoint, host);
        return null;
    }

    private static bool IsDigitsAndDots(string host)
    {
        foreach (var c in host)
        {
            if (!char.IsAsciiDigit(c) && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    // IPAddress.TryParse also takes inet_aton forms ("127.1", "0x7f.1", octal "010"), which read as typos in an
    // endpoint; only the four-decimal form is a literal here.
    private static bool TryParseDottedQuad(string host, out IPAddress address)
    {
        address = IPAddress.None;
        Span<byte> bytes = stackalloc byte[4];
        var parts = 0;
        foreach (var range in host.AsSpan().Split('.'))
        {
            var part = host.AsSpan()[range];
            if (parts == 4 || part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out bytes[parts]))
            {
                return false;
            }

            parts++;
        }

        if (parts != 4)
        {
            return false;
        }

        address = new IPAddress(bytes);
        return true;
    }

    private static void ValidateHostName(string endpoint, string host)
    {
        if (host.Length > MaxHostNameLength)
        {
            throw Invalid(endpoint, $"the host name is longer than {MaxHostNameLength} characters");
        }

        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_'))
            {
                throw Invalid(endpoint, $"the host '{host}' is not a valid host name: it contains '{c}'");
            }
        }

        if (host.StartsWith('.') || host.Contains("..", StringComparison.Ordinal))
        {
            throw Invalid(endpoint, $"the host '{host}' is not a valid host name: it has an empty label");
        }
    }

    private static ZmqException Invalid(string endpoint, string reason) => new(ZmqError.InvalidArgument, endpoint, reason);
}
