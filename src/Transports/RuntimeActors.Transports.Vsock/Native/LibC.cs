using System.Runtime.InteropServices;

namespace RuntimeActors.Transports.Vsock.Native;

/// <summary>
/// Every libc entry point the vsock and vmci transports call. Addresses and epoll events travel as byte spans
/// encoded by <see cref="SockaddrVm"/> and <see cref="EpollEvents"/>, so what reaches the kernel is what the
/// byte-exact tests check; descriptors travel as SafeHandles, so none is closed while a call uses it.
/// </summary>
internal static partial class LibC
{
    // .NET maps "libc" to the C library of the platform (libc.so.6 on glibc).
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(SafeHandle socket, in byte address, int addressLength);

    [LibraryImport(Library, EntryPoint = "listen", SetLastError = true)]
    public static partial int Listen(SafeHandle socket, int backlog);

    [LibraryImport(Library, EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(SafeHandle socket, in byte address, int addressLength);

    [LibraryImport(Library, EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept4(SafeHandle socket, ref byte address, ref int addressLength, int flags);

    [LibraryImport(Library, EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(SafeHandle socket, ref byte address, ref int addressLength);

    [LibraryImport(Library, EntryPoint = "getpeername", SetLastError = true)]
    public static partial int GetPeerName(SafeHandle socket, ref byte address, ref int addressLength);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(SafeHandle socket, int level, int name, in byte value, int valueLength);

    [LibraryImport(Library, EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(SafeHandle socket, int level, int name, ref byte value, ref int valueLength);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    // ioctl is variadic in C; on the Linux ABIs .NET runs on, one pointer argument passes like a fixed one.
    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(SafeHandle descriptor, nuint request, ref uint value);

    [LibraryImport(Library, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport(Library, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(SafeHandle epoll, int operation, SafeHandle descriptor, in byte epollEvent);

    [LibraryImport(Library, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(SafeHandle epoll, ref byte events, int maxEvents, int timeoutMilliseconds);
}
