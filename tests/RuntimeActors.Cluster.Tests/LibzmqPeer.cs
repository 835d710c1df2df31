using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using RuntimeActors.TestKit;
using Xunit.Sdk;

namespace RuntimeActors.Cluster.Tests;

/// <summary>
/// A libzmq PUB or SUB outside the cluster: bridge_peer.py run by Debian's python3 (the one with python3-zmq). Its
/// JSON lines are read as they come and awaited with a timeout; a PUB sends what <see cref="SendAsync"/> writes to its
/// standard input. Failures quote its standard error. Disposing closes its input (it exits) and kills it if it lingers.
/// </summary>
internal sealed class LibzmqPeer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";

    private readonly Process _process;
    private readonly ITestOutputHelper _output;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly StringBuilder _stderr = new();
    private readonly Task _reading;

    private LibzmqPeer(Process process, ITestOutputHelper output)
    {
        _process = process;
        _output = output;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        _reading = ReadAsync();
    }

    /// <summary>How long one expectation waits at most.</summary>
    public static TimeSpan Patience { get; } = RuntimeActors.TestKit.Patience.Dilated(TimeSpan.FromSeconds(20));

    /// <summary>Starts a peer of <paramref name="type"/> (PUB or SUB) with bridge_peer.py's options, and awaits its ready line.</summary>
    /// <returns>The peer and the real endpoints of its binds.</returns>
    public static async Task<(LibzmqPeer Peer, IReadOnlyList<string> Bound)> StartAsync(ITestOutputHelper output, string type, params string[] options)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bridge_peer.py"));
        start.ArgumentList.Add(type);
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }

        output.WriteLine($"zmq {type}: {string.Join(' ', start.ArgumentList)}");
        var process = Process.Start(start) ?? throw new XunitException($"{Python} did not start");
        process.StandardInput.AutoFlush = true;
        var peer = new LibzmqPeer(process, output);
        var bound = new List<string>();
        while (true)
        {
            JsonElement next;
            try
            {
                next = await peer.NextAsync(Patience);
            }
            catch (TimeoutException)
            {
                throw peer.Failure($"was not ready within {Patience.TotalSeconds:0} s");
            }

            var name = next.GetProperty("event").GetString();
            if (name == "ready")
            {
                return (peer, bound);
            }

            bound.Add(next.GetProperty("endpoint").GetString()!);
        }
    }

    /// <summary>Has a PUB peer send one multipart message of UTF-8 <paramref name="frames"/>.</summary>
    public Task SendAsync(params string[] frames) => _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(frames));

    /// <summary>The frames of the next message a SUB peer receives within <paramref name="timeout"/>, or null.</summary>
    /// <exception cref="XunitException">The peer timed out or exited.</exception>
    public async Task<string[]?> TryReceiveAsync(TimeSpan timeout)
    {
        JsonElement next;
        try
        {
            next = await NextAsync(timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }

        if (next.GetProperty("event").GetString() != "recv")
        {
            throw Failure($"expected a message, got {next}");
        }

        return [.. next.GetProperty("frames").EnumerateArray().Select(f => f.GetString()!)];
    }

    /// <summary>The next message a SUB peer receives.</summary>
    /// <exception cref="XunitException">None within <see cref="Patience"/>.</exception>
    public async Task<string[]> ReceiveAsync() => await TryReceiveAsync(Patience) ?? throw Failure($"received nothing within {Patience.TotalSeconds:0} s");

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await _reading;
        _process.Dispose();
    }

    private async Task<JsonElement> NextAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            var next = _events.Reader.TryRead(out var ready) ? ready : await _events.Reader.ReadAsync(limit.Token);
            _output.WriteLine($"zmq peer -> {next}");
            return next;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException();
        }
        catch (ChannelClosedException)
        {
            await _process.WaitForExitAsync().WaitAsync(Patience);
            throw Failure($"exited with code {_process.ExitCode}");
        }
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            await _events.Writer.WriteAsync(document.RootElement.Clone());
        }

        _events.Writer.Complete();
    }

    private XunitException Failure(string what)
    {
        lock (_stderr)
        {
            return new XunitException($"the libzmq peer {what}; its stderr: {_stderr}");
        }
    }
}
