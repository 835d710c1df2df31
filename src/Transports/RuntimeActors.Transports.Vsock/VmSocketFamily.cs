using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock;

/// <summary>
/// What tells vmci from vsock: the name in endpoints, where the address family number comes from, and what
/// <c>@</c> means. Everything else (the native layer, the poller, listeners and connections) is shared. On Linux
/// both are AF_VSOCK (40); a Windows VMCI family would come from vsock.sys through an ioctl, here, without touching
/// the rest.
/// </summary>
internal abstract class VmSocketFamily
{
    /// <summary>zmq_vsock(7): <c>@</c> is the loopback CID 1.</summary>
    public static VmSocketFamily Vsock { get; } = new VsockFamily();

    /// <summary>zmq_vmci(7): <c>@</c> is the local CID, as VMCISock_GetLocalCID returns it.</summary>
    public static VmSocketFamily Vmci { get; } = new VmciFamily();

    /// <summary>The transport name endpoints use.</summary>
    public abstract string Name { get; }

    /// <summary>The address family number to create sockets with: AF_VSOCK on Linux for both.</summary>
    /// <exception cref="ZmqException">EPROTONOSUPPORT: the platform has no such family.</exception>
    public virtual int AddressFamily(string endpoint) =>
        OperatingSystem.IsLinux()
            ? VmSockets.LinuxAddressFamily
            : throw new ZmqException(ZmqError.ProtocolNotSupported, endpoint, $"{Name} sockets are only available on Linux here (AF_VSOCK)");

    /// <summary>The CID <c>@</c> stands for.</summary>
    /// <exception cref="ZmqException">ENODEV: the machine has no local CID.</exception>
    public abstract uint LocalCid(string endpoint);

    private sealed class VsockFamily : VmSocketFamily
    {
        public override string Name => "vsock";

        public override uint LocalCid(string endpoint) => SockaddrVm.LocalCid;
    }

    private sealed class VmciFamily : VmSocketFamily
    {
        public override string Name => "vmci";

        public override uint LocalCid(string endpoint)
        {
            var errno = VmSockets.GetLocalCid(out var cid);
            if (errno != 0)
            {
                throw VmErrors.ForLocalCid(errno, endpoint);
            }

            return cid != SockaddrVm.AnyCid
                ? cid
                : throw new ZmqException(ZmqError.NoDevice, endpoint, "this machine has no local CID: no vsock transport is loaded (IOCTL_VM_SOCKETS_GET_LOCAL_CID gave VMADDR_CID_ANY)");
        }
    }
}
