using System.Runtime.InteropServices;

namespace RuntimeActors.Transports.Ipc;

/// <summary>
/// Which file a path names (its device and inode) and whether that file is a socket, as <c>lstat</c> sees it.
/// Two identities are equal exactly when they name the same file, even after the path was given to another.
/// </summary>
/// <remarks>
/// .NET exposes neither the inode nor the socket file type, so this reads them with Linux's <c>statx</c>,
/// whose structure is the same on every architecture. Elsewhere <see cref="IsSupported"/> is false.
/// </remarks>
/// <param name="Device">The device the file lives on (major in the high half, minor in the low half).</param>
/// <param name="Inode">The inode number on that device.</param>
/// <param name="IsSocket">Whether the file is a socket (<c>S_IFSOCK</c>).</param>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, bool IsSocket)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const int StatxSize = 256;
    private const int MaskOffset = 0;
    private const int ModeOffset = 28;
    private const int InodeOffset = 32;
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;
    private const int FileTypeMask = 0xF000;
    private const int SocketType = 0xC000;

    /// <summary>Whether identities can be read on this system.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>
    /// Reads the identity of whatever <paramref name="path"/> names, without following a final symbolic link.
    /// False when nothing is there, when the path cannot be examined, or when <see cref="IsSupported"/> is false.
    /// </summary>
    public static bool TryRead(string path, out FileIdentity identity)
    {
        identity = default;
        if (!IsSupported)
        {
            return false;
        }

        var status = new byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxIno, status) != 0)
        {
            return false;
        }

        var filled = BitConverter.ToUInt32(status, MaskOffset);
        if ((filled & (StatxType | StatxIno)) != (StatxType | StatxIno))
        {
            return false;
        }

        var mode = BitConverter.ToUInt16(status, ModeOffset);
        var device = ((ulong)BitConverter.ToUInt32(status, DeviceMajorOffset) << 32) | BitConverter.ToUInt32(status, DeviceMinorOffset);
        identity = new FileIdentity(device, BitConverter.ToUInt64(status, InodeOffset), (mode & FileTypeMask) == SocketType);
        return true;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] status);
}
