using System.Globalization;
using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock;

/// <summary>
/// A vsock or vmci address as zmq_vsock(7) and zmq_vmci(7) write it: <c>cid:port</c>. The CID is a number,
/// <c>*</c> or <c>-1</c> for every CID (bind only), or <c>@</c> for this machine (bind only: the loopback CID 1
/// for vsock, the local CID for vmci); the port is a number, or <c>*</c> or <c>-1</c> for an ephemeral port
/// (bind only). A connect address may end with <c>?to-host</c>, which sets VMADDR_FLAG_TO_HOST.
/// </summary>
internal sealed class VmAddress : TransportAddress
{
    /// <summary>The endpoint option that sets VMADDR_FLAG_TO_HOST.</summary>
    public const string ToHostOption = "to-host";

    private VmAddress(string transport, string address, EndpointUse use, VmCid cid, uint cidNumber, uint port, bool toHost)
    {
        Transport = transport;
        Address = address;
        Use = use;
        Cid = cid;
        CidNumber = cidNumber;
        Port = port;
        ToHost = toHost;
    }

    /// <inheritdoc />
    public override string Transport { get; }

    /// <inheritdoc />
    public override string Address { get; }

    /// <summary>Whether the address was validated for binding or for connecting.</summary>
    public EndpointUse Use { get; }

    /// <summary>How the CID was written.</summary>
    public VmCid Cid { get; }

    /// <summary>The CID when <see cref="Cid"/> is <see cref="VmCid.Number"/>; <see cref="SockaddrVm.AnyCid"/> for <c>*</c>.</summary>
    public uint CidNumber { get; }

    /// <summary>The port; <see cref="SockaddrVm.AnyPort"/> asks for an ephemeral one (bind only).</summary>
    public uint Port { get; }

    /// <summary>Whether the connection goes to the host whatever the CID (VMADDR_FLAG_TO_HOST).</summary>
    public bool ToHost { get; }

    /// <summary>svm_flags for this address.</summary>
    public byte Flags => ToHost ? SockaddrVm.FlagToHost : (byte)0;

    /// <summary>Parses <paramref name="address"/> (the part after <c>transport://</c>) without any I/O.</summary>
    /// <exception cref="ZmqException">EINVAL, naming the endpoint and what was wrong.</exception>
    public static VmAddress Parse(string transport, string address, EndpointUse use)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(address);
        var endpoint = $"{transport}://{address}";
        var binding = use == EndpointUse.Bind;

        var target = address;
        var toHost = false;
        var question = address.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            target = address[..question];
            foreach (var option in address[(question + 1)..].Split('&'))
            {
                if (option != ToHostOption)
                {
                    throw Invalid(endpoint, option.Length == 0
                        ? "an endpoint option is empty; the only option is '?to-host'"
                        : $"the endpoint option '{option}' is unknown; the only option is '?to-host'");
                }

                toHost = !binding ? true : throw Invalid(endpoint, "'?to-host' only applies to connecting; a bind has no destination");
            }
        }

        if (target.Length == 0)
        {
            throw Invalid(endpoint, $"the address is empty; expected {Shape(binding)}");
        }

        var colon = target.LastIndexOf(':');
        if (colon < 0)
        {
            throw Invalid(endpoint, $"the port is missing; expected {Shape(binding)}");
        }

        var cidText = target[..colon];
        var portText = target[(colon + 1)..];
        var (cid, cidNumber) = ParseCid(endpoint, transport, cidText, binding);
        var port = ParsePort(endpoint, portText, binding);
        return new VmAddress(transport, address, use, cid, cidNumber, port, toHost);
    }

    /// <summary>The endpoint string of a socket end: <c>vsock://3:5555</c>, or <c>*</c> for the wildcard CID or port.</summary>
    public static string FormatEndpoint(string transport, SockaddrVm address)
    {
        var cid = address.Cid == SockaddrVm.AnyCid ? "*" : address.Cid.ToString(CultureInfo.InvariantCulture);
        var port = address.Port == SockaddrVm.AnyPort ? "*" : address.Port.ToString(CultureInfo.InvariantCulture);
        return $"{transport}://{cid}:{port}";
    }

    private static string Shape(bool binding) => binding ? "cid:port, where cid may be * or @ and port may be *" : "cid:port with a numeric cid and port";

    private static (VmCid Kind, uint Number) ParseCid(string endpoint, string transport, string text, bool binding)
    {
        if (text.Length == 0)
        {
            throw Invalid(endpoint, binding ? "the CID is empty; use * for every CID or @ for this machine" : "the CID is empty");
        }

        if (text is "*" or "-1")
        {
            return binding
                ? (VmCid.Any, SockaddrVm.AnyCid)
                : throw Invalid(endpoint, $"the CID '{text}' (every CID) can only be bound; a connect needs a numeric CID");
        }

        if (text == "@")
        {
            var meaning = transport == VmSocketFamily.Vsock.Name ? "the loopback CID 1" : "the local CID";
            return binding
                ? (VmCid.Local, SockaddrVm.AnyCid)
                : throw Invalid(endpoint, $"the CID '@' ({meaning}) can only be bound; a connect needs a numeric CID");
        }

        if (!TryParseNumber(text, out var number))
        {
            throw Invalid(endpoint, $"the CID '{text}' is not a number from 0 to 4294967295, * or @");
        }

        if (number == SockaddrVm.AnyCid && !binding)
        {
            throw Invalid(endpoint, "the CID 4294967295 is VMADDR_CID_ANY, which can only be bound; a connect needs the CID of a peer");
        }

        return number == SockaddrVm.AnyCid ? (VmCid.Any, number) : (VmCid.Number, number);
    }

    private static uint ParsePort(string endpoint, string text, bool binding)
    {
        if (text.Length == 0)
        {
            throw Invalid(endpoint, "the port is missing after ':'");
        }

        if (text is "*" or "-1")
        {
            return binding
                ? SockaddrVm.AnyPort
                : throw Invalid(endpoint, $"the port '{text}' (any free port) can only be bound; a connect needs a numeric port");
        }

        if (!TryParseNumber(text, out var port))
        {
            throw Invalid(endpoint, $"the port '{text}' is not a number from 0 to 4294967295, * or -1");
        }

        if (port == SockaddrVm.AnyPort && !binding)
        {
            throw Invalid(endpoint, "the port 4294967295 is VMADDR_PORT_ANY, which can only be bound; a connect needs the port of a peer");
        }

        return port;
    }

    // Decimal digits only: uint.Parse would also take signs, spaces and other digit sets.
    private static bool TryParseNumber(string text, out uint value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text.Length <= 10 && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static ZmqException Invalid(string endpoint, string reason) => new(ZmqError.InvalidArgument, endpoint, reason);
}
