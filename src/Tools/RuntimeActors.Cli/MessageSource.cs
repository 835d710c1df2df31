using System.Runtime.CompilerServices;

namespace RuntimeActors.Cli;

/// <summary>The messages to send: the arguments, or else standard input, one message a line.</summary>
internal static class MessageSource
{
    /// <summary>
    /// <paramref name="messages"/> if there are any, otherwise each line of <paramref name="input"/> as it comes, so
    /// that a producer piping into the command has its lines sent without waiting for the end of input.
    /// </summary>
    public static async IAsyncEnumerable<string> ReadAsync(
        IReadOnlyList<string> messages,
        TextReader input,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (messages.Count > 0)
        {
            foreach (var message in messages)
            {
                yield return message;
            }

            yield break;
        }

        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return line;
        }
    }
}
