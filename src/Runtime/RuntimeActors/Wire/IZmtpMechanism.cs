using System.Buffers;

namespace RuntimeActors.Wire;

/// <summary>
/// A ZMTP security mechanism (NULL now; PLAIN and CURVE later) as the connection engine drives
/// it after the greetings: the engine writes whatever commands the mechanism has ready, hands
/// it every command frame received, and lets messages flow once <see cref="Status"/> is
/// <see cref="ZmtpMechanismStatus.Ready"/>.
/// </summary>
/// <remarks>
/// Engine loop: after each received command, and once at the start, call
/// <see cref="TryWriteNextCommand"/> until it returns false. On <see cref="ZmtpMechanismStatus.Error"/>,
/// drain <see cref="TryWriteNextCommand"/> (it may hold an ERROR for the peer) and close.
/// </remarks>
internal interface IZmtpMechanism
{
    /// <summary>The mechanism name our greeting announces, e.g. "NULL".</summary>
    string Name { get; }

    /// <summary>The as-server flag our greeting announces; client and server roles differ in PLAIN and CURVE.</summary>
    bool AsServer { get; }

    /// <summary>Where the handshake stands.</summary>
    ZmtpMechanismStatus Status { get; }

    /// <summary>The peer's metadata, once its metadata command (READY for NULL) has been accepted.</summary>
    ZmtpMetadata? PeerMetadata { get; }

    /// <summary>Why the handshake failed, when <see cref="Status"/> is <see cref="ZmtpMechanismStatus.Error"/>.</summary>
    ZmtpProtocolException? Failure { get; }

    /// <summary>Writes the next handshake command frame (header and body), if one is due now.</summary>
    /// <returns>False when there is nothing to send until another command arrives.</returns>
    bool TryWriteNextCommand(IBufferWriter<byte> output);

    /// <summary>Processes one received handshake command frame body.</summary>
    /// <exception cref="ZmtpProtocolException">The command is invalid here or rejects us; <see cref="Status"/> is then <see cref="ZmtpMechanismStatus.Error"/>.</exception>
    void ProcessCommand(ReadOnlySpan<byte> commandBody);
}
