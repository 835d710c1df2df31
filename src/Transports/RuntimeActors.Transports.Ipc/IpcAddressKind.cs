namespace RuntimeActors.Transports.Ipc;

/// <summary>What an ipc address names.</summary>
internal enum IpcAddressKind
{
    /// <summary>A pathname in the filesystem, absolute or relative to the working directory.</summary>
    Path,

    /// <summary>A name in the Linux abstract namespace (<c>@name</c>): no file, gone with the last socket.</summary>
    Abstract,

    /// <summary><c>*</c>: a unique pathname in a new temporary directory, chosen at bind (bind only).</summary>
    Wildcard,
}
