using System.Diagnostics;
using System.Text;

namespace RuntimeActors.Hosting.Tests;

/// <summary>
/// A libzmq socket in another process: a short pyzmq script run by Debian's python3 (the one with python3-zmq), as
/// RuntimeActors.Interop.Tests' ZmqPeer runs its peers, cut down to what these tests need: run, await the exit with a
/// timeout, and give its standard output; a failure quotes its standard error.
/// </summary>
internal static class LibzmqPeer
{
    /// <summary>The interpreter with python3-zmq; the python3 first on PATH may be another without it.</summary>
    private const string Python = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> (its <c>sys.argv[1:]</c>) and returns what it printed.</summary>
    public static async Task<string> RunAsync(string script, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"the libzmq peer did not exit within {timeout.TotalSeconds:0} s; its stderr: {await errors}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the libzmq peer exited with code {process.ExitCode}; its stderr: {await errors}");
        }

        return (await output).Trim();
    }
}
