using System.Net.Sockets;

namespace RuntimeActors.Transports.Ipc;

/// <summary>Turns Unix domain socket failures into the ZeroMQ error codes and messages the runtime reports.</summary>
/// <remarks>
/// .NET reports ENOENT from bind and connect as <see cref="SocketError.AddressNotAvailable"/> and has no code at
/// all for ENOTDIR or EROFS, so a failed bind looks at the directory to say what is wrong with it.
/// </remarks>
internal static class IpcErrors
{
    /// <summary>A failure to bind or listen at <paramref name="target"/>.</summary>
    /// <param name="failure">What the socket reported.</param>
    /// <param name="endpoint">The endpoint being bound.</param>
    /// <param name="target">The absolute path or <c>@name</c>, for the message.</param>
    /// <param name="directory">The absolute directory the socket file goes into; null for an abstract name.</param>
    public static ZmqException ForListen(SocketException failure, string endpoint, string target, string? directory)
    {
        var (error, reason) = failure.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse when directory is null => (ZmqError.AddressInUse, $"the abstract name {target} is already bound"),
            SocketError.AddressAlreadyInUse => (ZmqError.AddressInUse, $"'{target}' was created by someone else while this bind took it over"),
            SocketError.AccessDenied when directory is not null =>
                (ZmqError.AccessDenied, $"permission denied to create the socket file '{target}': the directory '{directory}' is not writable, or a directory above it is not searchable"),
            SocketError.AccessDenied => (ZmqError.AccessDenied, $"permission denied to bind '{target}'"),
            SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable => (ZmqError.NoIoThread, "the process is out of sockets or buffer space"),
            SocketError.AddressNotAvailable or SocketError.SocketError when directory is not null && DescribeMissingDirectory(directory) is { } missing =>
                (ZmqError.NoSuchEndpoint, missing),
            _ when directory is not null => (ZmqError.AddressNotAvailable, $"the socket file '{target}' cannot be created in '{directory}'"),
            _ => (ZmqError.AddressNotAvailable, $"'{target}' cannot be bound"),
        };
        return new ZmqException(error, endpoint, $"{reason} ({Describe(failure)})", failure);
    }

    /// <summary>A failure to connect to <paramref name="target"/>.</summary>
    /// <param name="failure">What the socket reported.</param>
    /// <param name="endpoint">The endpoint being connected.</param>
    /// <param name="target">The absolute path or <c>@name</c>, for the message.</param>
    public static ZmqException ForConnect(SocketException failure, string endpoint, string target)
    {
        var (error, reason) = failure.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => (ZmqError.ConnectionRefused, $"nobody accepts connections at '{target}' (connection refused)"),
            SocketError.AddressNotAvailable => (ZmqError.NoSuchEndpoint, $"nothing is bound at '{target}' yet (no such file)"),
            SocketError.AccessDenied => (ZmqError.AccessDenied, $"permission denied to connect to '{target}': the socket file is not writable, or a directory above it is not searchable"),
            SocketError.WouldBlock or SocketError.TryAgain => (ZmqError.WouldBlock, $"the listener at '{target}' has a full backlog"),
            SocketError.ConnectionReset or SocketError.ConnectionAborted => (ZmqError.ConnectionRefused, $"'{target}' reset the connection while it was being set up"),
            SocketError.TimedOut => (ZmqError.WouldBlock, $"connecting to '{target}' timed out"),
            _ => (ZmqError.ConnectionRefused, $"connecting to '{target}' failed"),
        };
        return new ZmqException(error, endpoint, $"{reason} ({Describe(failure)})", failure);
    }

    /// <summary>A failure of an established connection, as the IOException readers and writers of streams expect.</summary>
    public static IOException ForConnection(SocketException failure, string remoteEndpoint)
    {
        var reason = failure.SocketErrorCode switch
        {
            SocketError.ConnectionReset => "the connection was reset by the peer",
            SocketError.ConnectionAborted => "the connection was aborted",
            SocketError.Shutdown => "the connection was closed",
            _ => "the connection failed",
        };
        return new IOException($"{remoteEndpoint}: {reason} ({failure.SocketErrorCode})", failure);
    }

    /// <summary>
    /// Whether a failure to connect is worth retrying: zmq_ipc(7) lets a peer connect before the path is bound,
    /// and a binder may restart, so a missing or refusing path is expected to come up.
    /// </summary>
    public static bool IsTransient(Exception failure)
    {
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return IsTransient(socket.SocketErrorCode);
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="error"/> is one the connecter retries after a backoff.</summary>
    public static bool IsTransient(SocketError error) => error is
        SocketError.ConnectionRefused or SocketError.AddressNotAvailable
        or SocketError.ConnectionReset or SocketError.ConnectionAborted
        or SocketError.WouldBlock or SocketError.TryAgain or SocketError.TimedOut;

    /// <summary>Says which part of <paramref name="directory"/> is missing or not a directory; null when it exists.</summary>
    public static string? DescribeMissingDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return null;
        }

        for (var ancestor = Path.GetDirectoryName(directory); ancestor is not null; ancestor = Path.GetDirectoryName(ancestor))
        {
            if (File.Exists(ancestor))
            {
                return $"'{ancestor}' is a file, not a directory, so '{directory}' cannot exist";
            }

            if (Directory.Exists(ancestor))
            {
                break;
            }
        }

        return File.Exists(directory)
            ? $"'{directory}' is a file, not a directory"
            : $"the directory '{directory}' does not exist";
    }

    // ENOENT comes through as AddressNotAvailable and ENOTDIR as a bare SocketError, whose names would mislead.
    private static string Describe(SocketException failure) => failure.SocketErrorCode switch
    {
        SocketError.AddressNotAvailable => "ENOENT",
        SocketError.SocketError => $"error {failure.NativeErrorCode}: {failure.Message}",
        _ => failure.SocketErrorCode.ToString(),
    };
}
