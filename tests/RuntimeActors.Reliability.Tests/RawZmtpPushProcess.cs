using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace RuntimeActors.Reliability.Tests;

/// <summary>
/// raw_zmtp_push.py run by /usr/bin/python3 in a process of its own: a PUSH peer that listens, sends its messages and
/// then half a multipart message, and stays until <see cref="KillAsync"/> sends it SIGKILL, a real crash.
/// </summary>
internal sealed class RawZmtpPushProcess : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Task _reading;

    private RawZmtpPushProcess(Process process)
    {
        _process = process;
        _reading = ReadAsync();
    }

    /// <summary>The port the peer listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Starts the peer on <paramref name="port"/> (0: any) and waits until it listens.</summary>
    public static async Task<RawZmtpPushProcess> StartAsync(int port, string prefix, int count, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "raw_zmtp_push.py"));
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(prefix);
        start.ArgumentList.Add(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var peer = new RawZmtpPushProcess(Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start"));
        using var document = JsonDocument.Parse(await peer.ExpectLineAsync("port", timeout));
        peer.Port = document.RootElement.GetProperty("port").GetInt32();
        return peer;
    }

    /// <summary>Waits for the peer's line that has the property <paramref name="name"/>.</summary>
    public async Task<string> ExpectLineAsync(string name, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cancel.Token);
                if (line.Contains($"\"{name}\"", StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            var errors = _process.HasExited ? await _process.StandardError.ReadToEndAsync() : "(still running)";
            throw new TimeoutException($"raw_zmtp_push.py said no '{name}' within {timeout.TotalSeconds:0.#} s; stderr: {errors}");
        }
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Unix), and waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        // .NET reports a process ended by a signal as 128 + the signal: 137 for SIGKILL.
        Assert.Equal(128 + 9, _process.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        await _reading;
        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            await _lines.Writer.WriteAsync(line);
        }

        _lines.Writer.Complete();
    }
}

