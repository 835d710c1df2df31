using System.Text;

namespace RuntimeActors.Cli;

/// <summary>Where the command reads messages from and writes messages and diagnostics to.</summary>
/// <param name="In">Messages to send when none are given as arguments.</param>
/// <param name="Out">Messages received, one a line.</param>
/// <param name="Error">Bound endpoints and diagnostics.</param>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    /// <summary>
    /// The process's standard streams as UTF-8 with "\n" line ends whatever the platform, flushed at every write so
    /// that a process reading our output through a pipe sees each line as it is written.
    /// </summary>
    public static CliConsole Standard()
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return new CliConsole(
            new StreamReader(Console.OpenStandardInput(), utf8),
            new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = true, NewLine = "\n" },
            new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true, NewLine = "\n" });
    }
}
