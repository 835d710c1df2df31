using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace RuntimeActors.Transports.Ipc.Tests;

/// <summary>
/// Runs code with the filesystem identity of an ordinary user, so that a permission test meets a real EACCES
/// from the kernel even when the suite runs as root, which file permissions do not stop.
/// </summary>
/// <remarks>
/// <c>setfsuid</c> changes the filesystem user of the calling thread alone, and moving it off 0 drops
/// CAP_DAC_OVERRIDE from that thread; other threads, and so the other tests running at the same time, keep
/// theirs. The code runs on a thread of its own and must do its filesystem work before it returns. When the
/// suite does not run as root the thread keeps the user's identity, whom a mode without write bits stops too.
/// </remarks>
internal static class Unprivileged
{
    /// <summary>The user <c>nobody</c>.</summary>
    private const int Nobody = 65534;

    public static T Run<T>(Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            var root = Environment.IsPrivilegedProcess;
            if (root)
            {
                _ = SetFsUid(Nobody);
                // setfsuid reports the previous value, never an error; asking with -1 changes nothing and tells.
                if (SetFsUid(-1) != Nobody)
                {
                    failure = ExceptionDispatchInfo.Capture(new InvalidOperationException("setfsuid did not take: the permission test would not test anything"));
                    return;
                }
            }

            try
            {
                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                if (root)
                {
                    _ = SetFsUid(0);
                }
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    [DllImport("libc", EntryPoint = "setfsuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetFsUid(int uid);
}
