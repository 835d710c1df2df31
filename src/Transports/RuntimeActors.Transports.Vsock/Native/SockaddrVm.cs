using System.Buffers.Binary;

namespace RuntimeActors.Transports.Vsock.Native;

/// <summary>
/// struct sockaddr_vm of linux/vm_sockets.h, 16 bytes in host byte order: u16 family, u16 reserved, u32 port,
/// u32 cid, u8 flags, three zero bytes.
/// </summary>
/// <param name="Cid">The context id: a VM, 2 for the host, 1 for the local loopback, or <see cref="AnyCid"/>.</param>
/// <param name="Port">The port, or <see cref="AnyPort"/> for an ephemeral one.</param>
/// <param name="Flags">svm_flags, e.g. <see cref="FlagToHost"/>.</param>
internal readonly record struct SockaddrVm(uint Cid, uint Port, byte Flags = 0)
{
    /// <summary>sizeof(struct sockaddr_vm).</summary>
    public const int Size = 16;

    /// <summary>VMADDR_CID_ANY: every CID of this machine (bind) or none yet (an unbound socket).</summary>
    public const uint AnyCid = uint.MaxValue;

    /// <summary>VMADDR_PORT_ANY: an ephemeral port.</summary>
    public const uint AnyPort = uint.MaxValue;

    /// <summary>VMADDR_CID_LOCAL: the loopback, served by vsock_loopback.</summary>
    public const uint LocalCid = 1;

    /// <summary>VMADDR_CID_HOST: the hypervisor's host.</summary>
    public const uint HostCid = 2;

    /// <summary>VMADDR_FLAG_TO_HOST: route the connection to the host even for a CID above 2 (nested VMs, enclaves).</summary>
    public const byte FlagToHost = 1;

    /// <summary>Encodes the address for <paramref name="family"/> into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination, ushort family)
    {
        var bytes = destination[..Size];
        bytes.Clear();
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, family);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], Port);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], Cid);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes, family);
            BinaryPrimitives.WriteUInt32BigEndian(bytes[4..], Port);
            BinaryPrimitives.WriteUInt32BigEndian(bytes[8..], Cid);
        }

        bytes[12] = Flags;
    }

    /// <summary>Decodes an address the kernel wrote (getsockname, getpeername, accept4).</summary>
    /// <returns>False when the bytes are too short or of another family.</returns>
    public static bool TryRead(ReadOnlySpan<byte> source, ushort family, out SockaddrVm address)
    {
        address = default;
        if (source.Length < Size)
        {
            return false;
        }

        var little = BitConverter.IsLittleEndian;
        var actualFamily = little ? BinaryPrimitives.ReadUInt16LittleEndian(source) : BinaryPrimitives.ReadUInt16BigEndian(source);
        if (actualFamily != family)
        {
            return false;
        }

        var port = little ? BinaryPrimitives.ReadUInt32LittleEndian(source[4..]) : BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        var cid = little ? BinaryPrimitives.ReadUInt32LittleEndian(source[8..]) : BinaryPrimitives.ReadUInt32BigEndian(source[8..]);
        address = new SockaddrVm(cid, port, source[12]);
        return true;
    }
}
