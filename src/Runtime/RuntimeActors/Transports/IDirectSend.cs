namespace RuntimeActors.Transports;

/// <summary>
/// A transport writer that can send a caller's memory as it is, after what the writer already holds. The ZMTP engine
/// uses it for large frame bodies, which then go from the message's array to the kernel with no copy into the write
/// buffer, as libzmq's encoder sends large messages.
/// </summary>
internal interface IDirectSend
{
    /// <summary>Sends the bytes written so far, then <paramref name="tail"/>, and completes when the socket has taken all of them.</summary>
    /// <returns>False when the connection no longer takes data (it was closed under us).</returns>
    /// <exception cref="IOException">The connection failed.</exception>
    ValueTask<bool> FlushWithAsync(ReadOnlyMemory<byte> tail, CancellationToken cancellationToken);
}
