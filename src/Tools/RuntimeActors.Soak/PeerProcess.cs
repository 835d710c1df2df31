using System.Diagnostics;

namespace RuntimeActors.Soak;

/// <summary>
/// One libzmq peer: scripts/soak_peer.py under pyzmq, in a process of its own. It says "ready" once its sockets are
/// bound or connecting, and exits at once when its standard input closes, which is how it is stopped (and why it
/// cannot outlive the soak).
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private volatile bool _stopping;

    private PeerProcess(Process process) => _process = process;

    /// <summary>
    /// Starts the peer in <paramref name="mode"/> with <paramref name="endpoints"/> and waits for it to be ready;
    /// <paramref name="report"/> hears of it if it ends before it is stopped.
    /// </summary>
    public static async Task<PeerProcess> StartAsync(SoakSettings settings, string mode, Action<string> report, CancellationToken cancellationToken, params string[] endpoints)
    {
        var start = new ProcessStartInfo(settings.Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-u");
        start.ArgumentList.Add(settings.PeerScript);
        start.ArgumentList.Add(mode);
        foreach (var endpoint in endpoints)
        {
            start.ArgumentList.Add(endpoint);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{settings.Python} did not start");
        var peer = new PeerProcess(process);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            if (!peer._stopping)
            {
                report($"the pyzmq peer ({mode}, pid {process.Id}) exited by itself with code {process.ExitCode}");
            }
        };
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(SoakSettings.StepLimit);
            var line = await process.StandardOutput.ReadLineAsync(limit.Token).ConfigureAwait(false);
            if (line != "ready")
            {
                throw new InvalidOperationException($"the pyzmq peer ({mode} {string.Join(' ', endpoints)}) said '{line}' instead of 'ready'");
            }

            return peer;
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the peer (closes its input; kills it if it lingers) and waits for it to be gone.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        try
        {
            _process.StandardInput.Close();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
        }
    }
}
