namespace RuntimeActors.Transports.Vsock;

/// <summary>How the CID of a vsock or vmci address was written.</summary>
internal enum VmCid
{
    /// <summary>A number.</summary>
    Number,

    /// <summary><c>*</c> or <c>-1</c>: every CID of this machine (VMADDR_CID_ANY).</summary>
    Any,

    /// <summary><c>@</c>: this machine, as the transport's family defines it.</summary>
    Local,
}
