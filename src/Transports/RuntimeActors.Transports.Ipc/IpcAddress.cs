using System.Text;

namespace RuntimeActors.Transports.Ipc;

/// <summary>
/// An ipc address as zmq_ipc(7) writes it: a pathname (<c>/tmp/feeds/0</c> absolute, <c>feeds/0</c> relative
/// to the working directory), <c>@name</c> in the Linux abstract namespace, or <c>*</c> (bind only) for a
/// unique temporary pathname.
/// </summary>
internal sealed class IpcAddress : TransportAddress
{
    private IpcAddress(string address, EndpointUse use, IpcAddressKind kind, IpcPlatform platform)
    {
        Address = address;
        Use = use;
        Kind = kind;
        Platform = platform;
    }

    /// <inheritdoc />
    public override string Transport => IpcTransport.TransportName;

    /// <inheritdoc />
    public override string Address { get; }

    /// <summary>Whether the address was validated for binding or for connecting.</summary>
    public EndpointUse Use { get; }

    /// <summary>What the address names.</summary>
    public IpcAddressKind Kind { get; }

    /// <summary>The limits the address was checked against.</summary>
    public IpcPlatform Platform { get; }

    /// <summary>Parses <paramref name="address"/> (the part after <c>ipc://</c>) for the system the process runs on.</summary>
    /// <exception cref="ZmqException">EINVAL or ENAMETOOLONG, naming the endpoint and what was wrong.</exception>
    public static IpcAddress Parse(string address, EndpointUse use) => Parse(address, use, IpcPlatform.Current);

    /// <summary>Parses <paramref name="address"/> against the limits of <paramref name="platform"/>, without any I/O.</summary>
    /// <exception cref="ZmqException">EINVAL or ENAMETOOLONG, naming the endpoint and what was wrong.</exception>
    public static IpcAddress Parse(string address, EndpointUse use, IpcPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(platform);
        var endpoint = $"{IpcTransport.TransportName}://{address}";

        if (address.Length == 0)
        {
            throw Invalid(endpoint, "the path is empty; expected ipc:///absolute/path, ipc://relative/path, ipc://@abstract-name or ipc://* (bind only)");
        }

        if (address.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid(endpoint, "the path contains a NUL character");
        }

        if (address[0] == '*')
        {
            if (address.Length > 1)
            {
                throw Invalid(endpoint, "'*' asks for a new temporary path and stands alone; a pathname cannot start with '*'");
            }

            return use == EndpointUse.Bind
                ? new IpcAddress(address, use, IpcAddressKind.Wildcard, platform)
                : throw Invalid(endpoint, "the wildcard '*' (a new temporary path) can only be bound; connect to the endpoint the bind reported");
        }

        var kind = IpcAddressKind.Path;
        if (address[0] == '@')
        {
            if (!platform.HasAbstractNamespace)
            {
                throw Invalid(endpoint, $"the abstract namespace ('@name') exists only on Linux, not on {platform.Name}");
            }

            if (address.Length == 1)
            {
                throw Invalid(endpoint, "the abstract name after '@' is empty");
            }

            kind = IpcAddressKind.Abstract;
        }

        // The '@' stands for the leading NUL of an abstract name, so it counts against the limit like a character.
        CheckLength(endpoint, address, platform);
        return new IpcAddress(address, use, kind, platform);
    }

    /// <summary>Fails with ENAMETOOLONG when <paramref name="path"/> does not fit in a socket address of <paramref name="platform"/>.</summary>
    /// <exception cref="ZmqException">ENAMETOOLONG, naming the limit.</exception>
    public static void CheckLength(string endpoint, string path, IpcPlatform platform)
    {
        var bytes = Encoding.UTF8.GetByteCount(path);
        if (bytes > platform.MaxPathBytes)
        {
            throw new ZmqException(
                ZmqError.NameTooLong,
                endpoint,
                $"the path is {bytes} bytes long, and {platform.Name} allows at most {platform.MaxPathBytes} in a Unix domain socket address ({platform.MaxPathBytes + IpcTransport.TransportName.Length + 3} characters with the ipc:// prefix)");
        }
    }

    private static ZmqException Invalid(string endpoint, string reason) => new(ZmqError.InvalidArgument, endpoint, reason);
}
