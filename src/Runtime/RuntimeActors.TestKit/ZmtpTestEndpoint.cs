using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.TestKit;

/// <summary>Turns a ZeroMQ endpoint (<c>tcp://host:port</c>, <c>ipc://path</c>) into a socket address.</summary>
internal static class ZmtpTestEndpoint
{
    /// <summary>The address of <paramref name="endpoint"/>; for a bind, host <c>*</c> is any address and port <c>*</c> or 0 a free one.</summary>
    /// <exception cref="ArgumentException">The endpoint is not tcp or ipc, or is malformed.</exception>
    public static async Task<EndPoint> ResolveAsync(string endpoint, bool forBind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        if (endpoint.StartsWith("ipc://", StringComparison.Ordinal))
        {
            var path = endpoint["ipc://".Length..];
            if (path.Length == 0)
            {
                throw Invalid(endpoint, "the path is empty");
            }

            // '@' stands for the leading NUL of a Linux abstract name, as in libzmq.
            return new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
        }

        if (!endpoint.StartsWith("tcp://", StringComparison.Ordinal))
        {
            throw Invalid(endpoint, "only tcp://host:port and ipc://path are supported");
        }

        var address = endpoint["tcp://".Length..];
        var colon = address.LastIndexOf(':');
        if (colon <= 0)
        {
            throw Invalid(endpoint, "expected tcp://host:port");
        }

        var host = address[..colon].Trim('[', ']');
        var portText = address[(colon + 1)..];
        int port;
        if (forBind && portText == "*")
        {
            port = 0;
        }
        else if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > IPEndPoint.MaxPort || (!forBind && port == 0))
        {
            throw Invalid(endpoint, $"'{portText}' is not a port");
        }

        if (forBind && host == "*")
        {
            return new IPEndPoint(IPAddress.Any, port);
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            return new IPEndPoint(ip, port);
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var first = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw Invalid(endpoint, $"the host '{host}' has no address");
        return new IPEndPoint(first, port);
    }

    /// <summary>A stream socket for <paramref name="address"/>.</summary>
    public static Socket NewSocket(EndPoint address) => address is UnixDomainSocketEndPoint
        ? new Socket(AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, ProtocolType.Unspecified)
        : new Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    /// <summary>The endpoint text of a bound address, in the form <see cref="ResolveAsync"/> reads.</summary>
    public static string Format(EndPoint address) => address switch
    {
        IPEndPoint ip => string.Create(CultureInfo.InvariantCulture, $"tcp://{(ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip.Address}]" : ip.Address.ToString())}:{ip.Port}"),
        UnixDomainSocketEndPoint unix => "ipc://" + unix.ToString(),
        _ => address.ToString() ?? "?",
    };

    private static ArgumentException Invalid(string endpoint, string why) =>
        new($"'{endpoint}' is not an endpoint the ZMTP test peer can use: {why}.", nameof(endpoint));
}
