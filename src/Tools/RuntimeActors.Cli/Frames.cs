using System.Text;

namespace RuntimeActors.Cli;

/// <summary>Messages as one line of text: frames joined by a separator, as UTF-8.</summary>
internal static class Frames
{
    /// <summary>The message whose frames are the parts of <paramref name="text"/> between <paramref name="separator"/>s.</summary>
    public static ZMessage Split(string text, string separator) =>
        ZMessage.FromStrings(text.Split(separator, StringSplitOptions.None));

    /// <summary>The frames of <paramref name="message"/> from <paramref name="start"/> on, decoded as UTF-8 and joined by <paramref name="separator"/>.</summary>
    public static string Join(ZMessage message, string separator, int start = 0)
    {
        var line = new StringBuilder();
        for (var i = start; i < message.Count; i++)
        {
            if (i > start)
            {
                line.Append(separator);
            }

            line.Append(Encoding.UTF8.GetString(message[i].Span));
        }

        return line.ToString();
    }
}
