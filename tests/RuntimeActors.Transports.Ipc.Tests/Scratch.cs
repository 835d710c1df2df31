namespace RuntimeActors.Transports.Ipc.Tests;

/// <summary>
/// A fresh directory for one test's socket files under the temporary directory, with a short name so that paths
/// stay well under the 107-byte limit; disposing it removes it with everything in it.
/// </summary>
internal sealed class Scratch : IDisposable
{
    public Scratch()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ipct-").FullName;
    }

    public string Directory { get; }

    /// <summary>An abstract name no other test uses.</summary>
    public static string AbstractName() => $"@ractors-test-{Guid.NewGuid():N}";

    /// <summary>The path of <paramref name="name"/> in the directory.</summary>
    public string PathOf(string name) => Path.Join(Directory, name);

    public void Dispose()
    {
        // A permission test may have left a directory without write permission inside.
        foreach (var inner in System.IO.Directory.EnumerateDirectories(Directory, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(inner, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
