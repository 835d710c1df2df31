using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RuntimeActors.Transports.Vsock.Native;

/// <summary>
/// The socket calls of the vsock transports over libc, each returning 0 or the errno of its failure so that the
/// caller, which knows the endpoint, words the error. Every descriptor is non-blocking and close-on-exec.
/// </summary>
internal static class VmSockets
{
    /// <summary>AF_VSOCK on Linux.</summary>
    public const int LinuxAddressFamily = 40;

    /// <summary>The level of the SO_VM_SOCKETS_* options: the address family itself.</summary>
    public const int OptionLevel = LinuxAddressFamily;

    /// <summary>SO_VM_SOCKETS_BUFFER_SIZE (u64).</summary>
    public const int BufferSizeOption = 0;

    /// <summary>SO_VM_SOCKETS_BUFFER_MIN_SIZE (u64).</summary>
    public const int BufferMinSizeOption = 1;

    /// <summary>SO_VM_SOCKETS_BUFFER_MAX_SIZE (u64).</summary>
    public const int BufferMaxSizeOption = 2;

    /// <summary>SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD: a struct timeval, two 64-bit longs on 64-bit Linux.</summary>
    public const int ConnectTimeoutOption = 6;

    /// <summary>IOCTL_VM_SOCKETS_GET_LOCAL_CID on /dev/vsock.</summary>
    public const uint GetLocalCidRequest = 0x7b9;

    private const int SockStream = 1;
    private const int SockNonBlock = 0x800;
    private const int SockCloExec = 0x80000;
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000;
    private const int SolSocket = 1;
    private const int SoError = 4;

    private static int LastErrno => Marshal.GetLastPInvokeError();

    /// <summary>Creates a non-blocking stream socket of <paramref name="family"/>.</summary>
    public static int Create(int family, out SafeSocketHandle? socket)
    {
        var descriptor = LibC.Socket(family, SockStream | SockNonBlock | SockCloExec, 0);
        if (descriptor < 0)
        {
            socket = null;
            return LastErrno;
        }

        socket = new SafeSocketHandle(descriptor, ownsHandle: true);
        return 0;
    }

    /// <summary>Binds <paramref name="socket"/> to <paramref name="address"/>.</summary>
    public static int Bind(SafeSocketHandle socket, int family, SockaddrVm address)
    {
        Span<byte> bytes = stackalloc byte[SockaddrVm.Size];
        address.Write(bytes, (ushort)family);
        return LibC.Bind(socket, in bytes[0], bytes.Length) == 0 ? 0 : LastErrno;
    }

    /// <summary>Starts listening with room for <paramref name="backlog"/> pending connections.</summary>
    public static int Listen(SafeSocketHandle socket, int backlog) =>
        LibC.Listen(socket, backlog) == 0 ? 0 : LastErrno;

    /// <summary>Starts connecting; EINPROGRESS means "wait until writable, then read <see cref="GetSocketError"/>".</summary>
    public static int Connect(SafeSocketHandle socket, int family, SockaddrVm address)
    {
        Span<byte> bytes = stackalloc byte[SockaddrVm.Size];
        address.Write(bytes, (ushort)family);
        while (true)
        {
            if (LibC.Connect(socket, in bytes[0], bytes.Length) == 0)
            {
                return 0;
            }

            var errno = LastErrno;
            if (errno != Errno.EINTR)
            {
                return errno;
            }
        }
    }

    /// <summary>Accepts one pending connection as a non-blocking socket; EAGAIN when none is pending.</summary>
    public static int Accept(SafeSocketHandle listener, int family, out SafeSocketHandle? accepted, out SockaddrVm peer)
    {
        Span<byte> bytes = stackalloc byte[SockaddrVm.Size];
        while (true)
        {
            var length = bytes.Length;
            var descriptor = LibC.Accept4(listener, ref bytes[0], ref length, SockNonBlock | SockCloExec);
            if (descriptor >= 0)
            {
                accepted = new SafeSocketHandle(descriptor, ownsHandle: true);
                SockaddrVm.TryRead(bytes[..Math.Min(length, bytes.Length)], (ushort)family, out peer);
                return 0;
            }

            var errno = LastErrno;
            if (errno != Errno.EINTR)
            {
                accepted = null;
                peer = default;
                return errno;
            }
        }
    }

    /// <summary>The local address of <paramref name="socket"/>: the real port after a wildcard bind.</summary>
    public static int GetSockName(SafeSocketHandle socket, int family, out SockaddrVm address)
    {
        Span<byte> bytes = stackalloc byte[SockaddrVm.Size];
        var length = bytes.Length;
        address = default;
        if (LibC.GetSockName(socket, ref bytes[0], ref length) != 0)
        {
            return LastErrno;
        }

        return SockaddrVm.TryRead(bytes[..Math.Min(length, bytes.Length)], (ushort)family, out address) ? 0 : Errno.EAFNOSUPPORT;
    }

    /// <summary>The address of the peer of a connected <paramref name="socket"/>.</summary>
    public static int GetPeerName(SafeSocketHandle socket, int family, out SockaddrVm address)
    {
        Span<byte> bytes = stackalloc byte[SockaddrVm.Size];
        var length = bytes.Length;
        address = default;
        if (LibC.GetPeerName(socket, ref bytes[0], ref length) != 0)
        {
            return LastErrno;
        }

        return SockaddrVm.TryRead(bytes[..Math.Min(length, bytes.Length)], (ushort)family, out address) ? 0 : Errno.EAFNOSUPPORT;
    }

    /// <summary>SO_ERROR: the outcome of a non-blocking connect, read once it became writable.</summary>
    public static int GetSocketError(SafeSocketHandle socket, out int error)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        var length = bytes.Length;
        error = 0;
        if (LibC.GetSockOpt(socket, SolSocket, SoError, ref bytes[0], ref length) != 0)
        {
            return LastErrno;
        }

        error = BitConverter.ToInt32(bytes);
        return 0;
    }

    /// <summary>Sets a u64 SO_VM_SOCKETS_* option.</summary>
    public static int SetUInt64Option(SafeSocketHandle socket, int option, ulong value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        BitConverter.TryWriteBytes(bytes, value);
        return LibC.SetSockOpt(socket, OptionLevel, option, in bytes[0], bytes.Length) == 0 ? 0 : LastErrno;
    }

    /// <summary>Reads a u64 SO_VM_SOCKETS_* option.</summary>
    public static int GetUInt64Option(SafeSocketHandle socket, int option, out ulong value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        var length = bytes.Length;
        value = 0;
        if (LibC.GetSockOpt(socket, OptionLevel, option, ref bytes[0], ref length) != 0)
        {
            return LastErrno;
        }

        value = BitConverter.ToUInt64(bytes);
        return 0;
    }

    /// <summary>Sets SO_VM_SOCKETS_CONNECT_TIMEOUT.</summary>
    public static int SetConnectTimeout(SafeSocketHandle socket, TimeSpan timeout)
    {
        Span<byte> bytes = stackalloc byte[2 * sizeof(long)];
        EncodeTimeval(bytes, timeout);
        return LibC.SetSockOpt(socket, OptionLevel, ConnectTimeoutOption, in bytes[0], bytes.Length) == 0 ? 0 : LastErrno;
    }

    /// <summary>Reads SO_VM_SOCKETS_CONNECT_TIMEOUT.</summary>
    public static int GetConnectTimeout(SafeSocketHandle socket, out TimeSpan timeout)
    {
        Span<byte> bytes = stackalloc byte[2 * sizeof(long)];
        var length = bytes.Length;
        timeout = TimeSpan.Zero;
        if (LibC.GetSockOpt(socket, OptionLevel, ConnectTimeoutOption, ref bytes[0], ref length) != 0)
        {
            return LastErrno;
        }

        timeout = DecodeTimeval(bytes);
        return 0;
    }

    /// <summary>Encodes a struct timeval of 64-bit Linux: seconds, then microseconds, in host byte order.</summary>
    public static void EncodeTimeval(Span<byte> destination, TimeSpan value)
    {
        var microseconds = value.Ticks / TimeSpan.TicksPerMicrosecond;
        var seconds = microseconds / 1_000_000;
        var rest = microseconds % 1_000_000;
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination, seconds);
            BinaryPrimitives.WriteInt64LittleEndian(destination[8..], rest);
        }
        else
        {
            BinaryPrimitives.WriteInt64BigEndian(destination, seconds);
            BinaryPrimitives.WriteInt64BigEndian(destination[8..], rest);
        }
    }

    /// <summary>Decodes a struct timeval of 64-bit Linux.</summary>
    public static TimeSpan DecodeTimeval(ReadOnlySpan<byte> source)
    {
        var little = BitConverter.IsLittleEndian;
        var seconds = little ? BinaryPrimitives.ReadInt64LittleEndian(source) : BinaryPrimitives.ReadInt64BigEndian(source);
        var microseconds = little ? BinaryPrimitives.ReadInt64LittleEndian(source[8..]) : BinaryPrimitives.ReadInt64BigEndian(source[8..]);
        return TimeSpan.FromTicks((seconds * 1_000_000 + microseconds) * TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>The local CID, from IOCTL_VM_SOCKETS_GET_LOCAL_CID on /dev/vsock; <see cref="SockaddrVm.AnyCid"/> when no transport has one.</summary>
    public static int GetLocalCid(out uint cid)
    {
        cid = SockaddrVm.AnyCid;
        var descriptor = LibC.Open("/dev/vsock", ORdOnly | OCloExec);
        if (descriptor < 0)
        {
            return LastErrno;
        }

        using var device = new SafeFileHandle(descriptor, ownsHandle: true);
        var value = SockaddrVm.AnyCid;
        if (LibC.Ioctl(device, GetLocalCidRequest, ref value) != 0)
        {
            return LastErrno;
        }

        cid = value;
        return 0;
    }
}
