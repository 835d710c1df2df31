using System.Diagnostics;
using System.Globalization;
using System.Net;
using RuntimeActors.TestKit;

namespace RuntimeActors.Cli.Tests;

/// <summary>
/// A network namespace of the test's own (<c>ip netns add</c>) with only its loopback up: multicast sent in it reaches
/// nothing outside, whatever its TTL. Disposing deletes it. Creating one needs CAP_SYS_ADMIN (root in CI); without
/// it the test fails, saying so.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private static int _next;

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static NetworkNamespace Create()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"ractors-test-{Environment.ProcessId}-{Interlocked.Increment(ref _next)}");
        Run("ip", "netns", "add", name);
        var created = new NetworkNamespace(name);
        try
        {
            Run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits until the process <paramref name="pid"/> (in this namespace) has joined <paramref name="group"/> on an
    /// interface, as the kernel lists it in the namespace's /proc/net/igmp: a receiver is then sure to get what a
    /// sender started after it sends.
    /// </summary>
    public static async Task WaitForMembershipAsync(int pid, IPAddress group, TimeSpan timeout)
    {
        // /proc/net/igmp prints each group as 8 hex digits of the address in host (little-endian) order.
        var bytes = group.GetAddressBytes();
        var listed = string.Create(CultureInfo.InvariantCulture, $"{bytes[3]:X2}{bytes[2]:X2}{bytes[1]:X2}{bytes[0]:X2}");
        var deadline = Stopwatch.StartNew();
        while (!File.ReadAllText($"/proc/{pid}/net/igmp").Contains(listed, StringComparison.Ordinal))
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"process {pid} did not join {group} within {timeout.TotalSeconds:0} s");
            }

            // The kernel offers no notification of a join: poll, as TestKit's AwaitAssert does.
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    public void Dispose() => Run("ip", "netns", "delete", Name);

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(Patience.Dilated(TimeSpan.FromSeconds(30))) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{program} {string.Join(' ', args)}' failed (network namespaces need CAP_SYS_ADMIN, root in CI): {error.Trim()}");
        }
    }
}
