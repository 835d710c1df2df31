using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.Transports.Ipc;

/// <summary>
/// A Unix domain address to bind, which keeps <see cref="Socket"/> from deleting the socket file on dispose.
/// </summary>
/// <remarks>
/// A socket bound to a <see cref="UnixDomainSocketEndPoint"/> deletes its path when disposed, whoever's file it
/// is by then: after a takeover that is the file of the binder that took the path. Binding through any other
/// <see cref="EndPoint"/> type leaves the file alone, and <see cref="SocketFile"/> decides instead.
/// </remarks>
internal sealed class IpcBindEndPoint : EndPoint
{
    private readonly UnixDomainSocketEndPoint _address;

    /// <summary>Wraps <paramref name="address"/>.</summary>
    public IpcBindEndPoint(UnixDomainSocketEndPoint address) => _address = address;

    /// <inheritdoc />
    public override AddressFamily AddressFamily => AddressFamily.Unix;

    /// <inheritdoc />
    public override SocketAddress Serialize() => _address.Serialize();

    /// <summary>The address the socket reports (local end, accepted peers) as a plain <see cref="UnixDomainSocketEndPoint"/>.</summary>
    public override EndPoint Create(SocketAddress socketAddress) => _address.Create(socketAddress);

    /// <inheritdoc />
    public override string ToString() => _address.ToString();
}
