using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace RuntimeActors.Transports.Pgm.Net;

/// <summary>
/// A pgm or epgm address as zmq_pgm(7) writes it: <c>INTERFACE;MULTICAST:PORT</c>, where INTERFACE is an IPv4 address
/// or an interface name, MULTICAST an IPv4 multicast group (224.0.0.0/4) and PORT 1-65535. IPv6 is not supported.
/// </summary>
internal sealed class PgmAddress : TransportAddress
{
    private PgmAddress(string transport, string address, string interfaceText, IPAddress group, int port)
    {
        Transport = transport;
        Address = address;
        Interface = interfaceText;
        Group = group;
        Port = port;
    }

    /// <inheritdoc />
    public override string Transport { get; }

    /// <inheritdoc />
    public override string Address { get; }

    /// <summary>The interface as written: an IPv4 address or a name.</summary>
    public string Interface { get; }

    /// <summary>The multicast group.</summary>
    public IPAddress Group { get; }

    /// <summary>The PGM data-destination port (and, for epgm, the UDP port).</summary>
    public int Port { get; }

    /// <summary>Parses <paramref name="address"/> (the part after <c>transport://</c>) without any I/O.</summary>
    /// <exception cref="ZmqException">EINVAL, naming the endpoint and what is wrong.</exception>
    public static PgmAddress Parse(string transport, string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var endpoint = $"{transport}://{address}";
        var semicolon = address.IndexOf(';', StringComparison.Ordinal);
        if (semicolon < 0)
        {
            throw Invalid(endpoint, "the interface is missing; expected INTERFACE;MULTICAST:PORT, e.g. eth0;239.192.1.1:5555");
        }

        var interfaceText = address[..semicolon];
        var rest = address[(semicolon + 1)..];
        if (interfaceText.Length == 0)
        {
            throw Invalid(endpoint, "the interface before ';' is empty; name an interface or its IPv4 address");
        }

        if (rest.Contains(';', StringComparison.Ordinal))
        {
            throw Invalid(endpoint, "more than one ';': only one multicast group per endpoint is supported");
        }

        var colon = rest.LastIndexOf(':');
        if (colon < 0)
        {
            throw Invalid(endpoint, "the port is missing; expected MULTICAST:PORT after ';'");
        }

        var groupText = rest[..colon];
        var portText = rest[(colon + 1)..];
        if (groupText.Length == 0)
        {
            throw Invalid(endpoint, "the multicast address is empty");
        }

        if (groupText.StartsWith('[') || groupText.Contains(':', StringComparison.Ordinal))
        {
            throw Invalid(endpoint, $"the multicast address '{groupText}' is IPv6, which pgm/epgm do not support here; use an IPv4 group");
        }

        if (!IPAddress.TryParse(groupText, out var group) || group.AddressFamily != AddressFamily.InterNetwork || groupText.Count(c => c == '.') != 3)
        {
            throw Invalid(endpoint, $"'{groupText}' is not an IPv4 address");
        }

        if ((group.GetAddressBytes()[0] & 0xf0) != 0xe0)
        {
            throw Invalid(endpoint, $"'{groupText}' is not a multicast address (224.0.0.0/4)");
        }

        if (portText.Length == 0 || portText.Length > 5 || !portText.All(char.IsAsciiDigit))
        {
            throw Invalid(endpoint, $"the port '{portText}' is not a number");
        }

        var port = int.Parse(portText, NumberStyles.None, CultureInfo.InvariantCulture);
        if (port is < 1 or > 65535)
        {
            throw Invalid(endpoint, $"the port '{portText}' is out of range (1-65535)");
        }

        if (interfaceText.Contains(':', StringComparison.Ordinal) || interfaceText.Contains('[', StringComparison.Ordinal))
        {
            throw Invalid(endpoint, $"the interface '{interfaceText}' is IPv6, which pgm/epgm do not support here");
        }

        if (interfaceText.All(c => char.IsAsciiDigit(c) || c == '.') && (!IPAddress.TryParse(interfaceText, out var ip) || interfaceText.Count(c => c == '.') != 3 || ip.AddressFamily != AddressFamily.InterNetwork))
        {
            throw Invalid(endpoint, $"the interface '{interfaceText}' is not a valid IPv4 address");
        }

        return new PgmAddress(transport, address, interfaceText, group, port);
    }

    /// <summary>The interface's IPv4 address: the literal, or the first IPv4 address of the interface so named.</summary>
    /// <exception cref="ZmqException">ENODEV when no interface has that name or it has no IPv4 address.</exception>
    public IPAddress ResolveInterface()
    {
        if (IPAddress.TryParse(Interface, out var literal) && literal.AddressFamily == AddressFamily.InterNetwork)
        {
            return literal;
        }

        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (string.Equals(nic.Name, Interface, StringComparison.Ordinal))
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == AddressFamily.InterNetwork)
                    {
                        return unicast.Address;
                    }
                }

                throw new ZmqException(ZmqError.NoDevice, ToString(), $"the interface '{Interface}' has no IPv4 address");
            }
        }

        throw new ZmqException(ZmqError.NoDevice, ToString(), $"no interface is named '{Interface}'");
    }

    private static ZmqException Invalid(string endpoint, string reason) => new(ZmqError.InvalidArgument, endpoint, reason);
}
