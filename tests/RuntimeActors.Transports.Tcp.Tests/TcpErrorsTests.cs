using RuntimeActors.Errors;
using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.Transports.Tcp.Tests;

public class TcpErrorsTests
{
    [Theory]
    [InlineData(SocketError.AddressAlreadyInUse, ZmqError.AddressInUse)]
    [InlineData(SocketError.AddressNotAvailable, ZmqError.AddressNotAvailable)]
    [InlineData(SocketError.AccessDenied, ZmqError.AccessDenied)]
    [InlineData(SocketError.AddressFamilyNotSupported, ZmqError.NoDevice)]
    [InlineData(SocketError.TooManyOpenSockets, ZmqError.NoIoThread)]
    [InlineData(SocketError.InvalidArgument, ZmqError.AddressNotAvailable)]
    public void Listen_failures_map_to_zmq_codes_naming_the_endpoint(SocketError socketError, ZmqError expected)
    {
        var error = TcpErrors.ForListen(new SocketException((int)socketError), "tcp://127.0.0.1:5555");

        Assert.Equal(expected, error.Error);
        Assert.Equal("tcp://127.0.0.1:5555", error.Endpoint);
        Assert.StartsWith($"{ZmqErrorNames.Of(expected)}: tcp://127.0.0.1:5555: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(socketError.ToString(), error.Reason, StringComparison.Ordinal);
        Assert.IsType<SocketException>(error.InnerException);
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, ZmqError.ConnectionRefused, "nobody accepts connections at 127.0.0.1:5555 (connection refused)")]
    [InlineData(SocketError.TimedOut, ZmqError.WouldBlock, "connecting to 127.0.0.1:5555 timed out")]
    [InlineData(SocketError.HostUnreachable, ZmqError.HostUnreachable, "the host 127.0.0.1 is unreachable")]
    [InlineData(SocketError.NetworkUnreachable, ZmqError.HostUnreachable, "the network of 127.0.0.1 is unreachable")]
    [InlineData(SocketError.AddressNotAvailable, ZmqError.AddressNotAvailable, "no local address can reach 127.0.0.1:5555")]
    [InlineData(SocketError.AccessDenied, ZmqError.AccessDenied, "permission denied to connect to 127.0.0.1:5555")]
    public void Connect_failures_map_to_zmq_codes_naming_the_endpoint(SocketError socketError, ZmqError expected, string reason)
    {
        var error = TcpErrors.ForConnect(
            new SocketException((int)socketError), "tcp://localhost:5555", new IPEndPoint(IPAddress.Loopback, 5555), string.Empty);

        Assert.Equal(expected, error.Error);
        Assert.Equal("tcp://localhost:5555", error.Endpoint);
        Assert.Equal($"{reason} ({socketError})", error.Reason);
    }

    [Fact]
    public void Resolve_failures_are_ENODEV_for_bind_and_transient_for_connect()
    {
        var notFound = new SocketException((int)SocketError.HostNotFound);

        var bind = TcpErrors.ForResolve(notFound, "tcp://eth9:5555", "eth9", EndpointUse.Bind);
        var connect = TcpErrors.ForResolve(notFound, "tcp://nowhere:5555", "nowhere", EndpointUse.Connect);

        Assert.Equal(ZmqError.NoDevice, bind.Error);
        Assert.StartsWith("ENODEV: tcp://eth9:5555: the interface or host name 'eth9' could not be resolved", bind.Message, StringComparison.Ordinal);
        Assert.Equal(ZmqError.HostUnreachable, connect.Error);
        Assert.True(new TcpTransport().IsTransient(connect));
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, true)]
    [InlineData(SocketError.ConnectionReset, true)]
    [InlineData(SocketError.ConnectionAborted, true)]
    [InlineData(SocketError.TimedOut, true)]
    [InlineData(SocketError.HostUnreachable, true)]
    [InlineData(SocketError.NetworkUnreachable, true)]
    [InlineData(SocketError.HostDown, true)]
    [InlineData(SocketError.NetworkDown, true)]
    [InlineData(SocketError.HostNotFound, true)]
    [InlineData(SocketError.TryAgain, true)]
    [InlineData(SocketError.AccessDenied, false)]
    [InlineData(SocketError.AddressNotAvailable, false)]
    [InlineData(SocketError.AddressFamilyNotSupported, false)]
    [InlineData(SocketError.InvalidArgument, false)]
    public void Transient_failures_are_the_ones_libzmq_retries(SocketError socketError, bool transient)
    {
        var transport = new TcpTransport();
        var raw = new SocketException((int)socketError);

        Assert.Equal(transient, transport.IsTransient(raw));
        Assert.Equal(transient, transport.IsTransient(new ZmqException(ZmqError.ConnectionRefused, "tcp://127.0.0.1:1", "x", raw)));
        Assert.Equal(transient, transport.IsTransient(new IOException("wrapped", raw)));
    }

    [Fact]
    public void Failures_without_a_socket_error_are_not_transient()
    {
        var transport = new TcpTransport();

        Assert.False(transport.IsTransient(new ZmqException(ZmqError.InvalidArgument, "tcp://x", "the port 'x' is not a number")));
        Assert.False(transport.IsTransient(new OperationCanceledException()));
        Assert.False(transport.IsTransient(new InvalidOperationException()));
    }

    [Fact]
    public void Connection_failures_are_IOExceptions_naming_the_peer()
    {
        var error = TcpErrors.ForConnection(new SocketException((int)SocketError.ConnectionReset), "tcp://127.0.0.1:5555");

        Assert.Equal("tcp://127.0.0.1:5555: the connection was reset by the peer (ConnectionReset)", error.Message);
        Assert.IsType<SocketException>(error.InnerException);
    }
}
