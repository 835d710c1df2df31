namespace RuntimeActors.Transports.Ipc;

/// <summary>
/// The socket file of a filesystem bind. zmq_ipc(7): a bind takes over a path another socket or process has
/// bound (the first loses it), and the file goes away when the binder unbinds or closes.
/// </summary>
/// <remarks>
/// libzmq unlinks whatever sits at the path, both when it binds and when it closes. Two kinder rules hold here
/// where inodes can be read (Linux): a bind only removes a socket file, never a regular file or a directory
/// someone mistyped the endpoint into; and a closing binder only removes the file if it is still its own, so
/// a binder that was taken over does not pull the path from under the one that took it. Elsewhere both
/// removals are blind, as in libzmq.
/// </remarks>
internal sealed class SocketFile
{
    private readonly FileIdentity? _identity;
    private readonly string? _temporaryDirectory;
    private int _removed;

    private SocketFile(string fullPath, FileIdentity? identity, string? temporaryDirectory)
    {
        FullPath = fullPath;
        _identity = identity;
        _temporaryDirectory = temporaryDirectory;
    }

    /// <summary>The absolute path of the file.</summary>
    public string FullPath { get; }

    /// <summary>
    /// Clears <paramref name="fullPath"/> for a bind: a socket file there, live or left by a dead process, is
    /// removed. Returns quietly when nothing is there; the bind itself reports a path it cannot use.
    /// </summary>
    /// <exception cref="ZmqException">EADDRINUSE: something other than a socket is there; EACCES: the socket file cannot be removed.</exception>
    public static void TakeOver(string fullPath, string endpoint)
    {
        if (FileIdentity.IsSupported)
        {
            if (!FileIdentity.TryRead(fullPath, out var existing))
            {
                return;
            }

            if (!existing.IsSocket)
            {
                throw new ZmqException(
                    ZmqError.AddressInUse,
                    endpoint,
                    $"'{fullPath}' exists and is not a socket; only a socket file is taken over, so the file stays and the bind fails");
            }
        }
        else if (!File.Exists(fullPath))
        {
            return;
        }

        try
        {
            File.Delete(fullPath);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ZmqException(
                ZmqError.AccessDenied,
                endpoint,
                $"permission denied to take over '{fullPath}': the socket file bound there cannot be removed ({e.Message})",
                e);
        }
        catch (IOException)
        {
            // Gone in the meantime, or not removable for a reason bind will report more precisely.
        }
    }

    /// <summary>Records the file a bind at <paramref name="fullPath"/> just created.</summary>
    /// <param name="fullPath">The absolute path of the socket file.</param>
    /// <param name="temporaryDirectory">The directory made for an <c>ipc://*</c> bind, removed with the file; or null.</param>
    public static SocketFile Created(string fullPath, string? temporaryDirectory)
    {
        FileIdentity? identity = FileIdentity.TryRead(fullPath, out var found) ? found : null;
        return new SocketFile(fullPath, identity, temporaryDirectory);
    }

    /// <summary>
    /// Removes the file if it is still this bind's (and the temporary directory of a wildcard bind). Never
    /// throws: the binder is going away and has nobody to report to.
    /// </summary>
    public void Remove()
    {
        if (Interlocked.Exchange(ref _removed, 1) != 0)
        {
            return;
        }

        if (IsStillOurs())
        {
            TryDelete(() => File.Delete(FullPath));
        }

        if (_temporaryDirectory is not null)
        {
            TryDelete(() => Directory.Delete(_temporaryDirectory, recursive: false));
        }
    }

    private bool IsStillOurs()
    {
        if (_identity is { } ours)
        {
            return FileIdentity.TryRead(FullPath, out var now) && now == ours;
        }

        // Where inodes cannot be read, remove blindly as libzmq does; on Linux an unreadable identity means keep.
        return !FileIdentity.IsSupported;
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (IOException)
        {
            // Already gone, or the directory holds other files: nothing of ours is left to clean up.
        }
        catch (UnauthorizedAccessException)
        {
            // The directory's permissions changed since the bind: the file stays, like a crashed binder's.
        }
    }
}
