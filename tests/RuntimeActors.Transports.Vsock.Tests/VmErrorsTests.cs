using System.ComponentModel;
using System.Net.Sockets;
using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock.Tests;

public class VmErrorsTests
{
    private static readonly SockaddrVm Target = new(1, 5555);

    [Theory]
    [InlineData(Errno.EAFNOSUPPORT, ZmqError.ProtocolNotSupported, "this machine has no AF_VSOCK sockets (is the vsock kernel module loaded?)")]
    [InlineData(Errno.ENODEV, ZmqError.NoDevice, "no vsock transport is loaded in the kernel")]
    [InlineData(Errno.EMFILE, ZmqError.NoIoThread, "the process is out of descriptors or memory")]
    [InlineData(Errno.EACCES, ZmqError.AccessDenied, "permission denied to create an AF_VSOCK socket")]
    public void Maps_create_failures(int errno, ZmqError error, string reason)
    {
        var failure = VmErrors.ForCreate(errno, "vsock://1:5555");

        Assert.Equal(error, failure.Error);
        Assert.Equal("vsock://1:5555", failure.Endpoint);
        Assert.StartsWith(reason + $" ({Errno.Name(errno)}: ", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(errno, Assert.IsType<Win32Exception>(failure.InnerException).NativeErrorCode);
    }

    [Theory]
    [InlineData(Errno.EADDRINUSE, ZmqError.AddressInUse, "the port 5555 is already bound")]
    [InlineData(Errno.EADDRNOTAVAIL, ZmqError.AddressNotAvailable, "the CID 1 is not local to this machine")]
    [InlineData(Errno.EACCES, ZmqError.AccessDenied, "permission denied to bind the port 5555 (vsock ports below 1024 need CAP_NET_BIND_SERVICE)")]
    [InlineData(Errno.ENODEV, ZmqError.NoDevice, "no vsock transport serves the CID 1")]
    [InlineData(Errno.EAFNOSUPPORT, ZmqError.ProtocolNotSupported, "this machine has no AF_VSOCK sockets")]
    [InlineData(Errno.EINVAL, ZmqError.InvalidArgument, "the kernel refused the address")]
    public void Maps_listen_failures(int errno, ZmqError error, string reason)
    {
        var failure = VmErrors.ForListen(errno, "vsock://1:5555", Target);

        Assert.Equal(error, failure.Error);
        Assert.StartsWith(reason + " (", failure.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Errno.ECONNREFUSED, ZmqError.ConnectionRefused, true)]
    [InlineData(Errno.ECONNRESET, ZmqError.ConnectionRefused, true)]
    [InlineData(Errno.ETIMEDOUT, ZmqError.WouldBlock, true)]
    [InlineData(Errno.EHOSTUNREACH, ZmqError.HostUnreachable, true)]
    [InlineData(Errno.ENETUNREACH, ZmqError.HostUnreachable, true)]
    [InlineData(Errno.ENODEV, ZmqError.NoDevice, false)]
    [InlineData(Errno.EAFNOSUPPORT, ZmqError.ProtocolNotSupported, false)]
    [InlineData(Errno.EACCES, ZmqError.AccessDenied, false)]
    [InlineData(Errno.EINVAL, ZmqError.InvalidArgument, false)]
    public void Maps_connect_failures_and_says_which_are_worth_retrying(int errno, ZmqError error, bool transient)
    {
        var failure = VmErrors.ForConnect(errno, "vsock://1:5555", Target);

        Assert.Equal(error, failure.Error);
        Assert.Equal("vsock://1:5555", failure.Endpoint);
        Assert.Equal(transient, VmErrors.IsTransient(failure));
        Assert.Equal(transient, new VmSocketTransport(VmSocketFamily.Vsock, new VmSocketOptions()).IsTransient(failure));
    }

    [Fact]
    public void Names_the_loopback_module_when_CID_1_has_no_transport()
    {
        var failure = VmErrors.ForConnect(Errno.ENODEV, "vsock://1:5555", Target);

        Assert.Equal(
            "ENODEV: vsock://1:5555: no vsock transport reaches the CID 1 (the loopback needs the vsock_loopback kernel module) (ENODEV: No such device)",
            failure.Message);
    }

    [Fact]
    public void Finds_the_errno_under_wrapping_exceptions()
    {
        var wrapped = new InvalidOperationException("session failed", VmErrors.ForConnect(Errno.ECONNRESET, "vsock://1:5555", Target));

        Assert.True(VmErrors.IsTransient(wrapped));
        Assert.False(VmErrors.IsTransient(new InvalidOperationException("no errno")));
        Assert.False(VmErrors.IsTransient(new ZmqException(ZmqError.InvalidArgument, "vsock://1:5555", "malformed")));
    }

    [Fact]
    public void Words_failures_of_established_connections_as_IO_errors()
    {
        var failure = VmErrors.ForConnection(new SocketException((int)SocketError.ConnectionReset), "vsock://1:5555");

        Assert.Equal("vsock://1:5555: the connection was reset by the peer (ConnectionReset)", failure.Message);
    }
}
