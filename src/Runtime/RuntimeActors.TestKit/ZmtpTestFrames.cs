using System.Text;
using RuntimeActors.Wire;

namespace RuntimeActors.TestKit;

/// <summary>
/// The bytes of ZMTP 3.x (RFC 37) greetings, frames and commands, for a <see cref="ZmtpTestPeer"/> to send whole or
/// cut up: each method returns a fresh array, so a test can change a byte to make it malformed.
/// </summary>
/// <remarks>Frames and commands are written by the runtime's own wire codec; only the greeting's version is patched in.</remarks>
public static class ZmtpTestFrames
{
    /// <summary>The size of a greeting.</summary>
    public const int GreetingLength = ZmtpGreeting.Length;

    /// <summary>The NULL security mechanism.</summary>
    public const string NullMechanism = "NULL";

    /// <summary>The MORE flag of a frame: more frames of the message follow.</summary>
    public const byte MoreFlag = (byte)ZmtpFrameFlags.More;

    /// <summary>The LONG flag of a frame: the size takes 8 bytes.</summary>
    public const byte LongFlag = (byte)ZmtpFrameFlags.Long;

    /// <summary>The COMMAND flag of a frame.</summary>
    public const byte CommandFlag = (byte)ZmtpFrameFlags.Command;

    private const int MajorOffset = 10;
    private const int MinorOffset = 11;

    /// <summary>A 64-byte greeting: signature, version <paramref name="major"/>.<paramref name="minor"/>, mechanism, as-server, filler.</summary>
    /// <param name="major">The major version (3 for ZMTP 3.x).</param>
    /// <param name="minor">The minor version (0 or 1).</param>
    /// <param name="mechanism">The security mechanism name, at most 20 characters.</param>
    /// <param name="asServer">Whether the sender takes the server role of the mechanism.</param>
    public static byte[] Greeting(byte major = 3, byte minor = 1, string mechanism = NullMechanism, bool asServer = false)
    {
        var greeting = new byte[GreetingLength];
        ZmtpGreeting.Write(greeting, mechanism, asServer);
        greeting[MajorOffset] = major;
        greeting[MinorOffset] = minor;
        return greeting;
    }

    /// <summary>One frame: flags, short or long size as the body needs, body.</summary>
    /// <param name="body">The frame body.</param>
    /// <param name="more">Sets the MORE flag.</param>
    /// <param name="command">Sets the COMMAND flag.</param>
    public static byte[] Frame(ReadOnlySpan<byte> body, bool more = false, bool command = false)
    {
        var frame = new byte[ZmtpFrameHeader.GetLength(body.Length) + body.Length];
        var header = ZmtpFrameHeader.Write(frame, body.Length, more, command);
        body.CopyTo(frame.AsSpan(header));
        return frame;
    }

    /// <summary>A message frame with the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] Frame(string text, bool more = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Frame(Encoding.UTF8.GetBytes(text), more);
    }

    /// <summary>The frames of a whole message: MORE on all but the last.</summary>
    public static byte[] Message(params IReadOnlyList<byte[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var bytes = new List<byte>();
        for (var i = 0; i < frames.Count; i++)
        {
            bytes.AddRange(Frame(frames[i], more: i < frames.Count - 1));
        }

        return [.. bytes];
    }

    /// <summary>A command frame: name length, name, data.</summary>
    /// <param name="name">1 to 255 ASCII characters.</param>
    /// <param name="data">What follows the name.</param>
    public static byte[] Command(string name, ReadOnlySpan<byte> data = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var nameBytes = Encoding.ASCII.GetBytes(name);
        var frame = new byte[ZmtpCommand.GetFrameLength(nameBytes.Length, data.Length)];
        ZmtpCommand.Write(frame, nameBytes, data);
        return frame;
    }

    /// <summary>
    /// A READY command with <c>Socket-Type</c> = <paramref name="socketType"/> first, then <paramref name="properties"/> in
    /// their order (for example <c>Identity</c>).
    /// </summary>
    /// <param name="socketType">The socket type as sent, e.g. <c>PUSH</c>; any text, so that a test can send a wrong one.</param>
    /// <param name="properties">More properties; names are 1 to 255 characters of RFC 37's name alphabet.</param>
    public static byte[] Ready(string socketType, IEnumerable<KeyValuePair<string, byte[]>>? properties = null)
    {
        ArgumentNullException.ThrowIfNull(socketType);
        var metadata = new ZmtpMetadata();
        metadata.Add(ZmtpMetadata.SocketTypeProperty, socketType);
        foreach (var (name, value) in properties ?? [])
        {
            metadata.Add(name, value);
        }

        var data = new byte[metadata.GetEncodedLength()];
        metadata.WriteTo(data);
        return Command("READY", data);
    }

    /// <summary>A PING command: the 2-byte TTL in deciseconds, then the context (unchecked, so it may break the 16-byte limit).</summary>
    public static byte[] Ping(ushort ttlDeciseconds, ReadOnlySpan<byte> context = default) =>
        Command("PING", [(byte)(ttlDeciseconds >> 8), (byte)ttlDeciseconds, .. context]);

    /// <summary>Decodes the property list of a READY command (the data after its name); names compare case-insensitively.</summary>
    /// <exception cref="ZmtpProtocolException">The list is malformed.</exception>
    public static IReadOnlyDictionary<string, byte[]> ParseProperties(ReadOnlySpan<byte> data)
    {
        var properties = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in ZmtpMetadata.Parse(data).Properties)
        {
            properties[property.Name] = property.Value.ToArray();
        }

        return properties;
    }
}
