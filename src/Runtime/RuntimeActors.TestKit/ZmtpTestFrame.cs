namespace RuntimeActors.TestKit;

/// <summary>One frame a <see cref="ZmtpTestPeer"/> received.</summary>
/// <param name="Flags">The flags byte as sent (MORE 0x01, LONG 0x02, COMMAND 0x04).</param>
/// <param name="Body">The frame body.</param>
public sealed record ZmtpTestFrame(byte Flags, byte[] Body)
{
    /// <summary>Whether more frames of the message follow.</summary>
    public bool More => (Flags & ZmtpTestFrames.MoreFlag) != 0;

    /// <summary>Whether the frame is a command.</summary>
    public bool IsCommand => (Flags & ZmtpTestFrames.CommandFlag) != 0;

    /// <summary>The command name, or <see langword="null"/> for a message frame or a command too short to have one.</summary>
    public string? CommandName =>
        IsCommand && Body.Length > 0 && Body[0] > 0 && Body[0] < Body.Length ? System.Text.Encoding.ASCII.GetString(Body, 1, Body[0]) : null;

    /// <summary>A description for failure messages: flags, size and the first bytes in hex.</summary>
    public override string ToString() =>
        $"{(IsCommand ? $"command {CommandName ?? "?"}" : "frame")} (flags 0x{Flags:X2}, {Body.Length} bytes: {Convert.ToHexString(Body, 0, Math.Min(Body.Length, 32))}{(Body.Length > 32 ? "…" : "")})";
}
