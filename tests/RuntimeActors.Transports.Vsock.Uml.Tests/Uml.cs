using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock.Uml.Tests;

/// <summary>The guard every test of this suite passes first, and the suite's time limits.</summary>
internal static class Uml
{
    /// <summary>Set by scripts/uml/init.sh, the init process of the User-Mode Linux guest.</summary>
    private const string Marker = "RUNTIMEACTORS_UML";

    private static readonly Lazy<string?> Problem = new(Check);

    /// <summary>Long enough for a slow UML boot on a busy two-core machine, multiplied by RUNTIMEACTORS_TEST_TIMEFACTOR.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(30 * TimeFactor());

    /// <summary>Fails the test unless it runs inside the UML guest with vsock_loopback loaded.</summary>
    public static void EnsureInside()
    {
        if (Problem.Value is { } problem)
        {
            Assert.Fail(problem);
        }
    }

    /// <summary>A token cancelled after <see cref="Timeout"/>.</summary>
    public static CancellationTokenSource Deadline() => new(Timeout);

    private static string? Check()
    {
        if (Environment.GetEnvironmentVariable(Marker) != "1")
        {
            return "this suite needs the vsock loopback of the User-Mode Linux guest: run scripts/uml-test.sh (./test.sh does), not dotnet test on the host";
        }

        var errno = VmSockets.Create(VmSockets.LinuxAddressFamily, out var probe);
        using (probe)
        {
            if (errno != 0)
            {
                return $"the guest has no AF_VSOCK ({Errno.Name(errno)}): did init.sh insert vsock.ko?";
            }

            errno = VmSockets.Bind(probe!, VmSockets.LinuxAddressFamily, new SockaddrVm(SockaddrVm.LocalCid, SockaddrVm.AnyPort));
            return errno == 0 ? null : $"the guest cannot bind CID 1 ({Errno.Name(errno)}): did init.sh insert vsock_loopback.ko?";
        }
    }

    private static double TimeFactor() =>
        double.TryParse(Environment.GetEnvironmentVariable("RUNTIMEACTORS_TEST_TIMEFACTOR"), System.Globalization.CultureInfo.InvariantCulture, out var factor) && factor > 0
            ? factor
            : 1;
}
