using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace RuntimeActors.Transports.Pgm.Net;

/// <summary>
/// Opens a raw IPv4 socket of the PGM protocol (113) through libc: .NET's <see cref="Socket"/> constructor maps
/// <see cref="ProtocolType"/> through a table of the protocols it knows and refuses 113 with EPROTONOSUPPORT, but it
/// takes any socket the system opened for it.
/// </summary>
internal static partial class RawSocket
{
    private const int AfInet = 2;
    private const int SockRaw = 3;
    private const int SockCloexec = 0x80000;

    /// <summary>A raw socket of <paramref name="protocol"/>.</summary>
    /// <exception cref="SocketException">The system refused it: EPERM or EACCES without CAP_NET_RAW.</exception>
    public static Socket Open(int protocol)
    {
        var fd = OpenSocket(AfInet, SockRaw | SockCloexec, protocol);
        if (fd < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int OpenSocket(int domain, int type, int protocol);
}
