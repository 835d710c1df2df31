using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace RuntimeActors.Transports.Ipc.Tests;

/// <summary>
/// A libzmq 4.3 peer in a process of its own: the interop suite's <c>zmq_peer.py</c> (linked into the output),
/// run with the system python, which has python3-zmq. It runs its steps in order and prints one JSON event per
/// line; each expectation awaits the next event with a timeout, never a sleep.
/// </summary>
internal sealed class ZmqPeer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";

    /// <summary>How long a receive step of the peer waits (its --timeout) before it reports a timeout and exits.</summary>
    private const int PeerTimeoutMilliseconds = 10_000;

    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _errors = new();

    private ZmqPeer(Process process)
    {
        _process = process;
    }

    /// <summary>Starts a peer with a socket of <paramref name="socketType"/> (e.g. <c>PULL</c>) running <paramref name="steps"/>.</summary>
    public static ZmqPeer Start(string socketType, params string[] steps)
    {
        var script = Path.Join(AppContext.BaseDirectory, "zmq_peer.py");
        Assert.True(File.Exists(script), $"{script} is missing: the csproj links it from tests/RuntimeActors.Interop.Tests");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add($"--timeout={PeerTimeoutMilliseconds}");
        start.ArgumentList.Add(socketType);
        foreach (var step in steps)
        {
            start.ArgumentList.Add(step);
        }

        var process = new Process { StartInfo = start };
        var peer = new ZmqPeer(process);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                peer._lines.Writer.TryComplete();
            }
            else
            {
                peer._lines.Writer.TryWrite(line.Data);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (peer._errors)
            {
                peer._errors.AppendLine(line.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>
    /// Awaits the event <paramref name="name"/>, passing over the progress reports before it (<c>connecting</c>,
    /// <c>sent</c>, <c>echoed</c>); any other event first (a <c>timeout</c>, an <c>error</c>, an early
    /// <c>done</c>) fails the test.
    /// </summary>
    public async Task<JsonElement> ExpectAsync(string name)
    {
        using var cancel = new CancellationTokenSource(EventTimeout);
        while (true)
        {
            string line;
            try
            {
                line = await _lines.Reader.ReadAsync(cancel.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
            {
                throw new Xunit.Sdk.XunitException(
                    $"the libzmq peer sent no '{name}' event ({(e is ChannelClosedException ? "it exited" : "timed out")}); its errors: {Errors}");
            }

            using var parsed = JsonDocument.Parse(line);
            var actual = parsed.RootElement.GetProperty("event").GetString();
            if (actual == name)
            {
                return parsed.RootElement.Clone();
            }

            if (actual is not ("connecting" or "sent" or "echoed"))
            {
                throw new Xunit.Sdk.XunitException($"the libzmq peer reported '{line}' where '{name}' was expected; its errors: {Errors}");
            }
        }
    }

    /// <summary>Awaits the <c>bound</c> event and returns the real endpoint libzmq reported.</summary>
    public async Task<string> ExpectBoundAsync() => (await ExpectAsync("bound")).GetProperty("endpoint").GetString()!;

    /// <summary>Awaits a <c>recv</c> event and returns its frames as UTF-8 strings.</summary>
    public async Task<IReadOnlyList<string>> ExpectReceivedAsync() =>
        (await ExpectAsync("recv")).GetProperty("frames").EnumerateArray()
            .Select(frame => Encoding.UTF8.GetString(Convert.FromHexString(frame.GetString()!)))
            .ToArray();

    /// <summary>Answers a <c>wait:TEXT</c> step.</summary>
    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Awaits <c>done</c> and a clean exit.</summary>
    public async Task ExpectDoneAsync()
    {
        await ExpectAsync("done");
        using var cancel = new CancellationTokenSource(EventTimeout);
        await _process.WaitForExitAsync(cancel.Token);
        Assert.True(_process.ExitCode == 0, $"the libzmq peer exited with {_process.ExitCode}; its errors: {Errors}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A failed test may leave the peer in a receive step; it is this test's own child, ended by its handle.
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.Length == 0 ? "(none)" : _errors.ToString().Trim();
            }
        }
    }
}
