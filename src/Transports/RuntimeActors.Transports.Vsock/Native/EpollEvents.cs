using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace RuntimeActors.Transports.Vsock.Native;

/// <summary>
/// struct epoll_event: a u32 event mask and a u64 of user data. The kernel packs it to 12 bytes on x86-64 and
/// aligns it to 16 bytes elsewhere, so it is encoded by hand rather than declared as a struct.
/// </summary>
internal static class EpollEvents
{
    /// <summary>EPOLLIN: readable, or a listener has a connection to accept.</summary>
    public const uint In = 0x001;

    /// <summary>EPOLLOUT: writable, or a non-blocking connect has finished.</summary>
    public const uint Out = 0x004;

    /// <summary>EPOLLERR.</summary>
    public const uint Error = 0x008;

    /// <summary>EPOLLHUP.</summary>
    public const uint HangUp = 0x010;

    /// <summary>EPOLLONESHOT: report once, then stay silent until re-armed or removed.</summary>
    public const uint OneShot = 1u << 30;

    /// <summary>Whether this process's kernel ABI packs the struct (x86-64 only).</summary>
    public static bool IsPacked { get; } = RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>The size of one event on this machine.</summary>
    public static int Size => SizeOf(IsPacked);

    /// <summary>The size of one event with or without packing.</summary>
    public static int SizeOf(bool packed) => packed ? 12 : 16;

    /// <summary>Encodes one event into the first <see cref="SizeOf"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination, uint events, ulong data, bool packed)
    {
        var bytes = destination[..SizeOf(packed)];
        bytes.Clear();
        var dataOffset = packed ? 4 : 8;
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, events);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[dataOffset..], data);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, events);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[dataOffset..], data);
        }
    }

    /// <summary>Decodes the event at <paramref name="index"/> of an array the kernel filled.</summary>
    public static (uint Events, ulong Data) Read(ReadOnlySpan<byte> events, int index, bool packed)
    {
        var bytes = events.Slice(index * SizeOf(packed), SizeOf(packed));
        var dataOffset = packed ? 4 : 8;
        return BitConverter.IsLittleEndian
            ? (BinaryPrimitives.ReadUInt32LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[dataOffset..]))
            : (BinaryPrimitives.ReadUInt32BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[dataOffset..]));
    }
}
