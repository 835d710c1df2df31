using System.Text;
using System.Text.Json;

namespace RuntimeActors.Interop.Tests;

/// <summary>One JSON line printed by zmq_peer.py: an event name, and the fields that event carries.</summary>
public sealed class PeerEvent
{
    private const int ShownLength = 300;

    private PeerEvent(string name, string? endpoint, string? text, IReadOnlyList<byte[]> frames, string line)
    {
        Name = name;
        Endpoint = endpoint;
        Text = text;
        Frames = frames;
        Line = line;
    }

    /// <summary>bound, connecting, sent, recv, echoed, mark, done, timeout or error.</summary>
    public string Name { get; }

    /// <summary>The real endpoint of a bound event.</summary>
    public string? Endpoint { get; }

    /// <summary>The text of a mark, or the message of an error.</summary>
    public string? Text { get; }

    /// <summary>The frames of a recv or echoed event, empty for the others.</summary>
    public IReadOnlyList<byte[]> Frames { get; }

    /// <summary>The frames decoded as UTF-8.</summary>
    public IReadOnlyList<string> Strings => Frames.Select(frame => Encoding.UTF8.GetString(frame)).ToArray();

    private string Line { get; }

    public static PeerEvent Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var frames = root.TryGetProperty("frames", out var hex)
            ? hex.EnumerateArray().Select(frame => Convert.FromHexString(frame.GetString()!)).ToArray()
            : [];
        var text = root.TryGetProperty("text", out var mark) ? mark.GetString()
            : root.TryGetProperty("message", out var message) ? message.GetString()
            : null;
        var endpoint = root.TryGetProperty("endpoint", out var bound) ? bound.GetString() : null;
        return new PeerEvent(root.GetProperty("event").GetString()!, endpoint, text, frames, line);
    }

    // A 10 MB frame is a 20 MB line: logs and failure messages show its start only.
    public override string ToString() => Line.Length <= ShownLength ? Line : $"{Line[..ShownLength]}... ({Line.Length} characters)";
}
