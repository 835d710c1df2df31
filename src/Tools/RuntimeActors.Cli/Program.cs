using System.Runtime.InteropServices;

namespace RuntimeActors.Cli;

/// <summary>The entry point of <c>ractors</c>.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var interrupted = new CancellationTokenSource();

        // The first Ctrl+C closes the socket gracefully (with its linger); a second one ends the process at once.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            if (!interrupted.IsCancellationRequested)
            {
                context.Cancel = true;
                interrupted.Cancel();
            }
        });

        return await CliApp.RunAsync(args, CliConsole.Standard(), interrupted.Token).ConfigureAwait(false);
    }
}
