namespace RuntimeActors.Transports.Ipc;

/// <summary>What the operating system allows in a Unix domain socket address.</summary>
/// <param name="Name">The system's name, for messages.</param>
/// <param name="MaxPathBytes">The longest path in bytes: the size of <c>sun_path</c> less its terminating NUL.</param>
/// <param name="HasAbstractNamespace">Whether names can live in the abstract namespace (Linux only).</param>
internal sealed record IpcPlatform(string Name, int MaxPathBytes, bool HasAbstractNamespace)
{
    /// <summary>Linux: <c>sun_path</c> holds 108 bytes, and a name that starts with a NUL is abstract.</summary>
    public static readonly IpcPlatform Linux = new("Linux", 107, HasAbstractNamespace: true);

    /// <summary>The system the process runs on.</summary>
    public static IpcPlatform Current { get; } =
        OperatingSystem.IsLinux() ? Linux
        : OperatingSystem.IsWindows() ? new IpcPlatform("Windows", 107, HasAbstractNamespace: false)
        : new IpcPlatform(OperatingSystem.IsMacOS() ? "macOS" : "this system", 103, HasAbstractNamespace: false);
}
