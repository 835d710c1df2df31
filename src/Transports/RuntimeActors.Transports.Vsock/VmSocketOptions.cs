namespace RuntimeActors;

/// <summary>
/// The socket options of the vsock and vmci transports: libzmq's VMCI options (ZMQ_VMCI_BUFFER_SIZE,
/// ZMQ_VMCI_BUFFER_MIN_SIZE, ZMQ_VMCI_BUFFER_MAX_SIZE, ZMQ_VMCI_CONNECT_TIMEOUT), which vsock honours too. They are
/// given to <c>AddVsock</c> or <c>AddVmci</c> and apply to every socket the transport creates; an accepted
/// connection inherits them from its listener. Null leaves the kernel's default.
/// </summary>
public sealed class VmSocketOptions
{
    /// <summary>SO_VM_SOCKETS_BUFFER_SIZE: the receive buffer of a connection, in bytes (kernel default 256 KiB).</summary>
    public ulong? BufferSize { get; set; }

    /// <summary>SO_VM_SOCKETS_BUFFER_MIN_SIZE: the least the buffer size may be set to, in bytes.</summary>
    public ulong? BufferMinSize { get; set; }

    /// <summary>SO_VM_SOCKETS_BUFFER_MAX_SIZE: the most the buffer size may be set to, in bytes (kernel default 256 KiB).</summary>
    public ulong? BufferMaxSize { get; set; }

    /// <summary>SO_VM_SOCKETS_CONNECT_TIMEOUT: how long a connect may wait for the peer (kernel default 2 s).</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>A copy, checked.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is zero, the minimum exceeds the maximum, or the timeout is not positive.</exception>
    internal VmSocketOptions Validated()
    {
        var copy = (VmSocketOptions)MemberwiseClone();
        if (copy.BufferSize == 0 || copy.BufferMinSize == 0 || copy.BufferMaxSize == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferSize), "A vsock buffer size must be at least one byte.");
        }

        if (copy.BufferMinSize > copy.BufferMaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferMinSize), $"BufferMinSize ({copy.BufferMinSize}) exceeds BufferMaxSize ({copy.BufferMaxSize}).");
        }

        if (copy.BufferSize < copy.BufferMinSize || copy.BufferSize > copy.BufferMaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferSize), $"BufferSize ({copy.BufferSize}) lies outside BufferMinSize..BufferMaxSize.");
        }

        if (copy.ConnectTimeout is { } timeout && (timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan))
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), "The connect timeout must be positive.");
        }

        return copy;
    }
}
