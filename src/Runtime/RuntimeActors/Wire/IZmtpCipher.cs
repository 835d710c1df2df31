namespace RuntimeActors.Wire;

/// <summary>
/// The data phase of an encrypting mechanism (CURVE): every frame, message or command, travels sealed in a MESSAGE
/// box that carries its MORE and COMMAND flags. Sealing and opening work in place, so no frame allocates.
/// </summary>
internal interface IZmtpCipher
{
    /// <summary>Bytes a sealed frame's body has beyond its payload: the MESSAGE name, the short nonce, the MAC and the flags byte.</summary>
    int Overhead { get; }

    /// <summary>
    /// Seals the payload that the caller wrote at <c>body[Overhead..]</c>: writes the MESSAGE name and nonce, encrypts
    /// the flags and payload in place, and writes the MAC.
    /// </summary>
    /// <param name="body">The whole frame body, <see cref="Overhead"/> plus the payload's length.</param>
    /// <param name="more">The frame's MORE flag, carried inside the box.</param>
    /// <param name="command">Whether the payload is a command body (PING, SUBSCRIBE...), carried inside the box.</param>
    void SealInPlace(Span<byte> body, bool more, bool command);

    /// <summary>Checks the MESSAGE name and the nonce order and opens the box in place.</summary>
    /// <param name="body">A received frame's whole body; on return <c>body[Overhead..]</c> holds the payload.</param>
    /// <param name="more">The MORE flag from inside the box.</param>
    /// <param name="command">Whether the payload is a command body.</param>
    /// <exception cref="ZmtpProtocolException">Not a MESSAGE, too short, a replayed nonce, or a box that does not open.</exception>
    void OpenInPlace(Span<byte> body, out bool more, out bool command);
}
