using System.Diagnostics;

namespace RuntimeActors.Transports.Pgm.Tests;

/// <summary>A pyzmq peer script (peers/*.py) run with /usr/bin/python3, talked to over its stdin and stdout lines.</summary>
internal sealed class PythonPeer : IAsyncDisposable
{
    private readonly Process _process;

    private PythonPeer(Process process) => _process = process;

    public static PythonPeer Start(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "peers", script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return new PythonPeer(process);
    }

    // OpenPGM logs to stdout ("Warn: Interface lo reports as a loopback device."); those lines are not the peer's.
    private static readonly string[] OpenPgmLogPrefixes = ["Trace: ", "Debug: ", "Minor: ", "Info: ", "Warn: ", "Major: ", "Error: ", "Fatal: "];

    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException("the peer exited");
            if (line.Length > 0 && !OpenPgmLogPrefixes.Any(p => line.StartsWith(p, StringComparison.Ordinal)))
            {
                return line;
            }
        }
    }

    public async Task ExpectLineAsync(string expected, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        Assert.Equal(expected, line);
    }

    public Task WriteLineAsync(string line) => _process.StandardInput.WriteLineAsync(line);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
