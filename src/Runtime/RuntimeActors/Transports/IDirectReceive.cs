namespace RuntimeActors.Transports;

/// <summary>
/// A transport reader that can receive straight into memory of the caller's, when it holds no bytes of its own. The
/// ZMTP engine uses it for the rest of a large frame body, which then goes from the kernel into the message's array
/// with no copy through the read buffer, as libzmq's decoder receives large messages.
/// </summary>
internal interface IDirectReceive
{
    /// <summary>Whether the reader holds no received bytes (and has not seen the end of the stream), so a direct receive keeps the order.</summary>
    bool HoldsNoBytes { get; }

    /// <summary>Receives up to <paramref name="destination"/>'s length of bytes into it.</summary>
    /// <returns>The bytes received; 0 at the end of the stream, which the reader's next read then reports.</returns>
    /// <exception cref="IOException">The connection failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<int> ReceiveDirectAsync(Memory<byte> destination, CancellationToken cancellationToken);
}
