using System.Buffers;

namespace RuntimeActors.Wire;

/// <summary>
/// A ZMTP security mechanism (NULL, PLAIN, CURVE) as the connection engine drives it after the greetings: the engine
/// writes whatever commands the mechanism has ready, hands it every command frame received, asks ZAP when the
/// mechanism has a request pending, and lets messages flow once <see cref="Status"/> is
/// <see cref="ZmtpMechanismStatus.Ready"/>, through <see cref="Cipher"/> when the mechanism encrypts.
/// </summary>
/// <remarks>
/// Engine loop: call <see cref="TryWriteNextCommand"/> until it returns false, once at the start and after each
/// received command or ZAP reply. While <see cref="PendingZapRequest"/> is set, read nothing more: answer it with
/// <see cref="OnZapReply"/>. On <see cref="ZmtpMechanismStatus.Error"/>, drain <see cref="TryWriteNextCommand"/> (it
/// may hold an ERROR for the peer) and close.
/// </remarks>
internal interface IZmtpMechanism
{
    /// <summary>The mechanism name our greeting announces, e.g. "NULL".</summary>
    string Name { get; }

    /// <summary>The as-server flag our greeting announces (1 for a PLAIN or CURVE server; libzmq ignores it).</summary>
    bool AsServer { get; }

    /// <summary>Where the handshake stands.</summary>
    ZmtpMechanismStatus Status { get; }

    /// <summary>The peer's metadata, once its metadata command has been accepted.</summary>
    ZmtpMetadata? PeerMetadata { get; }

    /// <summary>
    /// Why the handshake failed, when <see cref="Status"/> is <see cref="ZmtpMechanismStatus.Error"/>: a
    /// <see cref="ZmtpProtocolException"/>, a <see cref="ZmtpAuthenticationException"/>, or a <see cref="ZmqException"/>
    /// when ZAP could not be asked.
    /// </summary>
    Exception? Failure { get; }

    /// <summary>A ZAP request the handshake waits on, or null.</summary>
    ZapRequest? PendingZapRequest { get; }

    /// <summary>What ZAP answered (user id and metadata for received messages), once it answered 200.</summary>
    ZapReply? ZapResult { get; }

    /// <summary>Encrypts and decrypts frames after the handshake; null when messages travel in clear (NULL, PLAIN).</summary>
    IZmtpCipher? Cipher { get; }

    /// <summary>Writes the next handshake command frame (header and body), if one is due now.</summary>
    /// <returns>False when there is nothing to send until another command or the ZAP reply arrives.</returns>
    bool TryWriteNextCommand(IBufferWriter<byte> output);

    /// <summary>Processes one received handshake command frame body.</summary>
    /// <exception cref="ZmtpProtocolException">The command is invalid here; <see cref="Status"/> is then <see cref="ZmtpMechanismStatus.Error"/>.</exception>
    /// <exception cref="ZmtpAuthenticationException">The peer refused us with a ZAP status code.</exception>
    void ProcessCommand(ReadOnlySpan<byte> commandBody);

    /// <summary>Answers <see cref="PendingZapRequest"/>; null when no ZAP handler is installed.</summary>
    /// <exception cref="ZmtpAuthenticationException">ZAP refused the peer (300, 400, 500).</exception>
    /// <exception cref="ZmtpProtocolException">The reply breaks RFC 27 (a status code other than 200, 300, 400, 500).</exception>
    /// <exception cref="ZmqException">No handler where the mechanism needs one (PLAIN, or ZapEnforceDomain).</exception>
    void OnZapReply(ZapReply? reply);
}
