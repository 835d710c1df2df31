using System.Diagnostics;
using RuntimeActors.TestKit;

namespace RuntimeActors.Cli.Tests;

/// <summary>The repository's ./ractors script, run with bash as a shell or another language's test suite would.</summary>
public sealed class ScriptTests
{
    /// <summary>The first run builds the command in Release; on a busy two-core machine that takes minutes.</summary>
    private static readonly TimeSpan BuildTimeout = Patience.Dilated(TimeSpan.FromMinutes(8));

    [Fact]
    public async Task The_root_script_builds_the_command_once_and_runs_it()
    {
        var script = Path.Combine(RepositoryRoot(), "ractors");

        // Two runs at once: when a build is due, one of them builds while the other waits for it on the lock.
        await using var recv = RactorsProcess.StartScript(script, WithoutTestHostBuildSettings, "recv", "pull", "--bind", "tcp://127.0.0.1:*", "--count", "1");
        await using var version = RactorsProcess.StartScript(script, WithoutTestHostBuildSettings, "--version");
        var endpoint = await recv.BoundEndpointAsync(BuildTimeout);
        Assert.Matches(@"^\d+\.\d+\.\d+", await version.ReadLineAsync(BuildTimeout));
        Assert.Equal(0, await version.ExitCodeAsync(BuildTimeout));

        await using var send = RactorsProcess.StartScript(script, WithoutTestHostBuildSettings, "send", "push", "--connect", endpoint, "via|script");

        Assert.Equal("via|script", await recv.ReadLineAsync());
        Assert.Equal(0, await send.ExitCodeAsync());
        Assert.Equal(0, await recv.ExitCodeAsync());
        Assert.DoesNotContain("error", send.ErrorText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_root_script_passes_exit_codes_through()
    {
        var script = Path.Combine(RepositoryRoot(), "ractors");

        await using var run = RactorsProcess.StartScript(script, WithoutTestHostBuildSettings, "recv", "pull", "--connect", "foo://x");

        Assert.Equal(2, await run.ExitCodeAsync(BuildTimeout));
        Assert.Contains("EPROTONOSUPPORT", run.ErrorText, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ractors")) && File.Exists(Path.Combine(directory.FullName, "RuntimeActors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no repository root with ./ractors above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// The test host inherits MSBuild's settings from 'dotnet test'; a build the script starts must find its own,
    /// as it does when run from a shell.
    /// </summary>
    private static void WithoutTestHostBuildSettings(ProcessStartInfo start)
    {
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
    }
}
