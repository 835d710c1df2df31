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

    /// <summary>bound, connecting, sent, recv, echoed, mark, tick, monitor, done, timeout or error.</summary>
    public string Name { get; }

    /// <summary>The real endpoint of a bound event.</summary>
    public string? Endpoint { get; }

    /// <summary>The text of a mark, or the message of an error.</summary>
    public string? Text { get; }

    /// <summary>The frames of a recv or echoed event, empty for the others.</summary>
    public IReadOnlyList<byte[]> Frames { get; }

    /// <summary>The User-Id of a recv event of a recvid step (what the peer's ZAP handler named the sender), else null.</summary>
    public string? UserId { get; private init; }

    /// <summary>libzmq's name of a monitor event's kind (HANDSHAKE_FAILED_AUTH, DISCONNECTED...).</summary>
    public string? Kind { get; private init; }

    /// <summary>A monitor event's value: the ZAP status code, the ZMQ_PROTOCOL_ERROR_* code, a file descriptor...</summary>
    public long? Value { get; private init; }

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
        return new PeerEvent(root.GetProperty("event").GetString()!, endpoint, text, frames, line)
        {
            UserId = root.TryGetProperty("user_id", out var user) && user.ValueKind == JsonValueKind.String ? user.GetString() : null,
            Kind = root.TryGetProperty("kind", out var kind) ? kind.GetString() : null,
            Value = root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null,
        };
    }

    // A 10 MB frame is a 20 MB line: logs and failure messages show its start only.
    public override string ToString() => Line.Length <= ShownLength ? Line : $"{Line[..ShownLength]}... ({Line.Length} characters)";
}
