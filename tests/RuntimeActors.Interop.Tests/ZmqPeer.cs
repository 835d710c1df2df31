using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Xunit.Sdk;

namespace RuntimeActors.Interop.Tests;

/// <summary>
/// A libzmq socket in another process: zmq_peer.py run by Debian's python3 (the one with python3-zmq), with
/// its steps on the command line. Its JSON lines are read as they come and awaited with a timeout; its
/// standard input feeds its wait and repeat steps. Every failure quotes the peer's standard error, where a
/// Python traceback ends up. Disposing kills the peer if it is still running. The monitor events of a peer with
/// a monitor step come from another thread at any time: they are set apart, for <see cref="ExpectMonitorAsync"/>.
/// </summary>
public sealed class ZmqPeer : IAsyncDisposable
{
    /// <summary>The interpreter with python3-zmq; the python3 first on PATH may be another without it.</summary>
    private const string Python = "/usr/bin/python3";

    // Events that only report progress: expectations pass over them unless they ask for one.
    private static readonly string[] ProgressEvents = ["sent", "unsent", "connecting"];

    private readonly Process _process;
    private readonly ITestOutputHelper _output;
    private readonly string _name;
    // How zmq_peer.py starts a monitor event's line (json.dumps, the event name first).
    private const string MonitorLineStart = "{\"event\": \"monitor\"";

    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<string> _monitorLines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly StringBuilder _stderr = new();
    private readonly Task _readingOutput;
    private readonly Task _readingErrors;

    private ZmqPeer(Process process, ITestOutputHelper output, string name)
    {
        _process = process;
        _output = output;
        _name = name;
        _readingOutput = ReadOutputAsync();
        _readingErrors = ReadErrorsAsync();
    }

    /// <summary>How long an expectation waits for the peer by default.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(20);

    // Below the patience, so that a message that never comes shows as the peer's timeout event, and
    // roomy, because a loaded two-core machine runs the peers' receives alongside our tests.
    private static TimeSpan PeerReceiveTimeout { get; } = TimeSpan.FromSeconds(15);

    /// <summary>Starts a libzmq socket of <paramref name="socketType"/> (PUSH, SUB, ROUTER...) running <paramref name="steps"/>.</summary>
    public static ZmqPeer Start(ITestOutputHelper output, string socketType, IEnumerable<string> steps)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "zmq_peer.py");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        // libzmq makes an ipc://* bind's directory under TMPDIR, and without it relative to the working directory.
        start.Environment["TMPDIR"] = Path.GetTempPath();

        // OpenPGM (pgm, epgm) logs warnings to standard output, the message and its newline in two writes that the
        // script's lines can fall between: only errors, which a test wants to see anyway.
        start.Environment["PGM_MIN_LOG_LEVEL"] = "ERROR";
        start.ArgumentList.Add(script);
        start.ArgumentList.Add($"--timeout={PeerReceiveTimeout.TotalMilliseconds:0}");
        start.ArgumentList.Add(socketType);
        foreach (var step in steps)
        {
            start.ArgumentList.Add(step);
        }

        var name = $"zmq {socketType}";
        output.WriteLine($"{name}: {Python} {string.Join(' ', start.ArgumentList)}");
        var process = Process.Start(start) ?? throw new XunitException($"{Python} did not start");
        process.StandardInput.AutoFlush = true;
        return new ZmqPeer(process, output, name);
    }

    /// <summary>The next event, whatever it is.</summary>
    /// <exception cref="XunitException">None within <paramref name="timeout"/>, or the peer exited first.</exception>
    public async Task<PeerEvent> NextAsync(TimeSpan? timeout = null)
    {
        var patience = timeout ?? Patience;
        return await TryNextAsync(patience).ConfigureAwait(false) ?? throw Failure($"no event within {patience.TotalSeconds:0.#} s");
    }

    /// <summary>The next event if one comes within <paramref name="timeout"/>, else null; for warm-up loops.</summary>
    /// <exception cref="XunitException">The peer exited without printing another event.</exception>
    public async Task<PeerEvent?> TryNextAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        string line;
        try
        {
            // A line already there counts even when the time is up.
            line = _lines.Reader.TryRead(out var ready) ? ready : await _lines.Reader.ReadAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            await _process.WaitForExitAsync().WaitAsync(Patience).ConfigureAwait(false);
            throw Failure($"exited with code {_process.ExitCode} without another event");
        }

        var next = PeerEvent.Parse(line);
        _output.WriteLine($"{_name} -> {next}");
        return next;
    }

    /// <summary>The next event named <paramref name="name"/>, passing over sent and connecting events unless those are asked for.</summary>
    /// <exception cref="XunitException">Another event came first (a timeout or error of the peer, say), or none came in time.</exception>
    public async Task<PeerEvent> ExpectAsync(string name, TimeSpan? timeout = null)
    {
        var end = DateTime.UtcNow + (timeout ?? Patience);
        while (true)
        {
            var left = end - DateTime.UtcNow;
            var next = await NextAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).ConfigureAwait(false);
            if (next.Name == name)
            {
                return next;
            }

            if (!ProgressEvents.Contains(next.Name))
            {
                throw Failure($"expected a {name} event, got {next}");
            }
        }
    }

    /// <summary>The next monitor event of <paramref name="kind"/> (libzmq's name: HANDSHAKE_FAILED_AUTH...), passing over other kinds.</summary>
    /// <exception cref="XunitException">None came in time, or the peer exited first.</exception>
    public async Task<PeerEvent> ExpectMonitorAsync(string kind, TimeSpan? timeout = null)
    {
        var patience = timeout ?? Patience;
        using var limit = new CancellationTokenSource(patience);
        while (true)
        {
            string line;
            try
            {
                line = await _monitorLines.Reader.ReadAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw Failure($"showed no {kind} monitor event within {patience.TotalSeconds:0.#} s");
            }
            catch (ChannelClosedException)
            {
                throw Failure($"exited without a {kind} monitor event");
            }

            var next = PeerEvent.Parse(line);
            _output.WriteLine($"{_name} -> {next}");
            if (next.Kind == kind)
            {
                return next;
            }
        }
    }

    /// <summary>The real endpoint of the peer's bind step.</summary>
    public async Task<string> BoundAsync() => (await ExpectAsync("bound").ConfigureAwait(false)).Endpoint!;

    /// <summary>The next message the peer received (a recv event).</summary>
    public Task<PeerEvent> ReceivedAsync() => ExpectAsync("recv");

    /// <summary>Writes <paramref name="line"/> to the peer's standard input, for its wait and repeat steps.</summary>
    public async Task TellAsync(string line)
    {
        try
        {
            await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw Failure($"could not be told '{line}': {e.Message}");
        }
    }

    /// <summary>Awaits the done event and a clean exit: the peer ran every step.</summary>
    public async Task FinishAsync()
    {
        await ExpectAsync("done").ConfigureAwait(false);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(Patience).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw Failure($"did not exit within {Patience.TotalSeconds:0} s of its done event");
        }

        if (_process.ExitCode != 0)
        {
            throw Failure($"exited with code {_process.ExitCode}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        await Task.WhenAll(_readingOutput, _readingErrors).ConfigureAwait(false);

        // Monitor events no expectation took are shown too: they tell what libzmq saw when a test failed.
        while (_monitorLines.Reader.TryRead(out var line))
        {
            _output.WriteLine($"{_name} -> {PeerEvent.Parse(line)}");
        }

        var errors = Errors();
        if (errors.Length > 0)
        {
            _output.WriteLine($"{_name} stderr:{Environment.NewLine}{errors}");
        }

        _process.Dispose();
    }

    private XunitException Failure(string what)
    {
        var errors = Errors();
        return new XunitException($"The {_name} peer {what}.{(errors.Length == 0 ? "" : $"{Environment.NewLine}Its stderr:{Environment.NewLine}{errors}")}");
    }

    private string Errors()
    {
        lock (_stderr)
        {
            return _stderr.ToString().TrimEnd();
        }
    }

    private async Task ReadOutputAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith('{'))
            {
                // Not the script's: OpenPGM logs its warnings to standard output ("Warn: Interface lo reports as a
                // loopback device."). Kept with the peer's diagnostics, shown when it fails.
                lock (_stderr)
                {
                    _stderr.AppendLine($"(stdout) {line}");
                }

                continue;
            }

            (line.StartsWith(MonitorLineStart, StringComparison.Ordinal) ? _monitorLines : _lines).Writer.TryWrite(line);
        }

        _lines.Writer.TryComplete();
        _monitorLines.Writer.TryComplete();
    }

    private async Task ReadErrorsAsync()
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_stderr)
            {
                _stderr.AppendLine(line);
            }
        }
    }
}
