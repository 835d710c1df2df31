using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using RuntimeActors.TestKit;

namespace RuntimeActors.Cli.Tests;

/// <summary>
/// The ractors command running as a real process, with its output lines awaited as they come: a test waits
/// for a line or an exit with a timeout, never for a fixed time.
/// </summary>
internal sealed class RactorsProcess : IAsyncDisposable
{
    /// <summary>How long one expected event may take: a process start and a .NET JIT on a busy two-core machine.</summary>
    public static readonly TimeSpan EventTimeout = Patience.Dilated(TimeSpan.FromSeconds(60));

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Process _process;
    private readonly Channel<string> _output = Channel.CreateUnbounded<string>();
    private readonly Channel<string> _errors = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _errorText = new();
    private readonly string _description;

    private RactorsProcess(string fileName, IEnumerable<string> arguments, Action<ProcessStartInfo>? configure)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        configure?.Invoke(start);
        _description = string.Join(' ', start.ArgumentList.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Deliver(_output, e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errorText)
                {
                    _errorText.AppendLine(e.Data);
                }
            }

            Deliver(_errors, e.Data);
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the process wrote on standard error so far.</summary>
    public string ErrorText
    {
        get
        {
            lock (_errorText)
            {
                return _errorText.ToString();
            }
        }
    }

    /// <summary>The ractors.dll built next to the tests (the command is a project reference).</summary>
    public static string CommandPath { get; } = Path.Combine(AppContext.BaseDirectory, "ractors.dll");

    /// <summary>Runs <c>dotnet ractors.dll ARGS</c>.</summary>
    public static RactorsProcess Start(params string[] args) => new("dotnet", [CommandPath, .. args], null);

    /// <summary>Runs <c>dotnet ractors.dll ARGS</c> inside the network namespace <paramref name="netns"/> (<c>ip netns exec</c>).</summary>
    public static RactorsProcess StartInNamespace(string netns, params string[] args) => new("ip", ["netns", "exec", netns, "dotnet", CommandPath, .. args], null);

    /// <summary>Runs <paramref name="program"/> with <paramref name="args"/> inside the network namespace <paramref name="netns"/>.</summary>
    public static RactorsProcess StartProgramInNamespace(string netns, string program, params string[] args) => new("ip", ["netns", "exec", netns, program, .. args], null);

    /// <summary>The process id; <c>ip netns exec</c> replaces itself with the command, so it is the command's.</summary>
    public int Id => _process.Id;

    /// <summary>Runs <paramref name="script"/> with bash, with <paramref name="args"/>.</summary>
    public static RactorsProcess StartScript(string script, Action<ProcessStartInfo> configure, params string[] args) =>
        new("bash", [script, .. args], configure);

    /// <summary>The next line of standard output.</summary>
    public Task<string> ReadLineAsync(TimeSpan? timeout = null) => NextAsync(_output, "a line on standard output", _ => true, timeout ?? EventTimeout);

    /// <summary>The next line of standard output, or null if none comes within <paramref name="timeout"/> or the output ended.</summary>
    public async Task<string?> TryReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _output.Reader.ReadAsync(cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>The real endpoint of the next <c>bound ENDPOINT</c> line on standard error.</summary>
    public async Task<string> BoundEndpointAsync(TimeSpan? timeout = null)
    {
        var line = await NextAsync(_errors, "a 'bound ENDPOINT' line on standard error", l => l.StartsWith("bound ", StringComparison.Ordinal), timeout ?? EventTimeout);
        return line["bound ".Length..];
    }

    /// <summary>The next line on standard error that starts with <paramref name="prefix"/>, skipping others.</summary>
    public Task<string> ErrorLineAsync(string prefix, TimeSpan? timeout = null) =>
        NextAsync(_errors, $"a line starting with '{prefix}' on standard error", l => l.StartsWith(prefix, StringComparison.Ordinal), timeout ?? EventTimeout);

    /// <summary>Writes <paramref name="line"/> to standard input.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteAsync(line + "\n");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes standard input: the end of the messages for a command reading them from there.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>The exit code, once the process exits.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? EventTimeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"'{_description}' did not exit. Its standard error:\n{ErrorText}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Deliver(Channel<string> lines, string? line)
    {
        if (line is null)
        {
            lines.Writer.TryComplete();
        }
        else
        {
            lines.Writer.TryWrite(line);
        }
    }

    private async Task<string> NextAsync(Channel<string> lines, string what, Func<string, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = await lines.Reader.ReadAsync(cts.Token);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"'{_description}' wrote no {what} within {timeout}. Its standard error:\n{ErrorText}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"'{_description}' closed its output without {what}. Its standard error:\n{ErrorText}");
        }
    }
}
