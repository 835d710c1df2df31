namespace RuntimeActors.Transports.Ipc.Tests;

public class IpcAddressParseTests
{
    private static readonly IpcPlatform Linux = IpcPlatform.Linux;
    private static readonly IpcPlatform Mac = new("macOS", 103, HasAbstractNamespace: false);

    [Theory]
    [InlineData("/tmp/feeds/0", "Path")]
    [InlineData("feeds/0", "Path")]
    [InlineData("./feeds/0", "Path")]
    [InlineData("../feeds", "Path")]
    [InlineData("a", "Path")]
    [InlineData("/tmp/with space/ü", "Path")]
    [InlineData("@feeds", "Abstract")]
    [InlineData("@/tmp/looks-like-a-path", "Abstract")]
    [InlineData("*", "Wildcard")]
    public void Parses_bind_addresses(string address, string kind)
    {
        var parsed = IpcAddress.Parse(address, EndpointUse.Bind, Linux);

        Assert.Equal(Enum.Parse<IpcAddressKind>(kind), parsed.Kind);
        Assert.Equal(address, parsed.Address);
        Assert.Equal(EndpointUse.Bind, parsed.Use);
        Assert.Equal("ipc", parsed.Transport);
        Assert.Equal($"ipc://{address}", parsed.ToString());
    }

    [Theory]
    [InlineData("/tmp/feeds/0", "Path")]
    [InlineData("feeds/0", "Path")]
    [InlineData("@feeds", "Abstract")]
    public void Parses_connect_addresses(string address, string kind)
    {
        var parsed = IpcAddress.Parse(address, EndpointUse.Connect, Linux);

        Assert.Equal(Enum.Parse<IpcAddressKind>(kind), parsed.Kind);
        Assert.Equal(EndpointUse.Connect, parsed.Use);
        Assert.Equal($"ipc://{address}", parsed.ToString());
    }

    [Theory]
    [InlineData(EndpointUse.Bind, "", "the path is empty; expected ipc:///absolute/path, ipc://relative/path, ipc://@abstract-name or ipc://* (bind only)")]
    [InlineData(EndpointUse.Connect, "", "the path is empty; expected ipc:///absolute/path, ipc://relative/path, ipc://@abstract-name or ipc://* (bind only)")]
    [InlineData(EndpointUse.Connect, "*", "the wildcard '*' (a new temporary path) can only be bound; connect to the endpoint the bind reported")]
    [InlineData(EndpointUse.Bind, "*.sock", "'*' asks for a new temporary path and stands alone; a pathname cannot start with '*'")]
    [InlineData(EndpointUse.Bind, "@", "the abstract name after '@' is empty")]
    [InlineData(EndpointUse.Connect, "@", "the abstract name after '@' is empty")]
    [InlineData(EndpointUse.Bind, "/tmp/a\0b", "the path contains a NUL character")]
    public void Rejects_malformed_addresses_with_EINVAL_naming_the_endpoint(EndpointUse use, string address, string reason)
    {
        var error = Assert.Throws<ZmqException>(() => IpcAddress.Parse(address, use, Linux));

        Assert.Equal(ZmqError.InvalidArgument, error.Error);
        Assert.Equal($"ipc://{address}", error.Endpoint);
        Assert.Equal(reason, error.Reason);
        Assert.Equal($"EINVAL: ipc://{address}: {reason}", error.Message);
    }

    [Fact]
    public void Accepts_107_bytes_as_Linux_does_and_rejects_108_with_ENAMETOOLONG_naming_the_limit()
    {
        var longest = "/tmp/" + new string('x', 102);
        var tooLong = longest + "x";

        Assert.Equal(107, IpcAddress.Parse(longest, EndpointUse.Bind, Linux).Address.Length);
        var error = Assert.Throws<ZmqException>(() => IpcAddress.Parse(tooLong, EndpointUse.Bind, Linux));

        Assert.Equal(ZmqError.NameTooLong, error.Error);
        Assert.Equal($"ipc://{tooLong}", error.Endpoint);
        Assert.Equal(114, error.Endpoint!.Length);
        Assert.Equal(
            "the path is 108 bytes long, and Linux allows at most 107 in a Unix domain socket address (113 characters with the ipc:// prefix)",
            error.Reason);
        Assert.StartsWith("ENAMETOOLONG: ipc:///tmp/xxx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_bytes_not_characters_because_the_kernel_does()
    {
        // 'é' is two bytes in UTF-8: 53 of them make 106 bytes, and the leading '/' makes 107.
        var fits = "/" + new string('é', 53);
        var overflows = fits + "x";

        Assert.Equal(IpcAddressKind.Path, IpcAddress.Parse(fits, EndpointUse.Connect, Linux).Kind);
        var error = Assert.Throws<ZmqException>(() => IpcAddress.Parse(overflows, EndpointUse.Connect, Linux));
        Assert.Equal(ZmqError.NameTooLong, error.Error);
        Assert.StartsWith("the path is 108 bytes long", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_at_sign_of_an_abstract_name_counts_against_the_limit_as_in_libzmq()
    {
        var longest = "@" + new string('y', 106);

        Assert.Equal(IpcAddressKind.Abstract, IpcAddress.Parse(longest, EndpointUse.Bind, Linux).Kind);
        var error = Assert.Throws<ZmqException>(() => IpcAddress.Parse(longest + "y", EndpointUse.Bind, Linux));
        Assert.Equal(ZmqError.NameTooLong, error.Error);
    }

    [Fact]
    public void The_limit_follows_the_platform()
    {
        var path = "/tmp/" + new string('m', 99);

        Assert.Equal(104, path.Length);
        Assert.Equal(IpcAddressKind.Path, IpcAddress.Parse(path, EndpointUse.Bind, Linux).Kind);
        var error = Assert.Throws<ZmqException>(() => IpcAddress.Parse(path, EndpointUse.Bind, Mac));
        Assert.Equal(
            "the path is 104 bytes long, and macOS allows at most 103 in a Unix domain socket address (109 characters with the ipc:// prefix)",
            error.Reason);
    }

    [Fact]
    public void The_abstract_namespace_is_refused_where_there_is_none()
    {
        var error = Assert.Throws<ZmqException>(() => IpcAddress.Parse("@feeds", EndpointUse.Bind, Mac));

        Assert.Equal(ZmqError.InvalidArgument, error.Error);
        Assert.Equal("the abstract namespace ('@name') exists only on Linux, not on macOS", error.Reason);
    }

    [Fact]
    public void The_current_platform_is_Linux_on_the_machines_this_project_targets()
    {
        Assert.True(OperatingSystem.IsLinux(), "the ipc tests expect Linux, where abstract names and statx exist");
        Assert.Same(IpcPlatform.Linux, IpcPlatform.Current);
        Assert.True(FileIdentity.IsSupported);
    }
}
