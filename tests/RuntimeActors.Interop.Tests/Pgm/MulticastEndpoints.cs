using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.Interop.Tests.Pgm;

/// <summary>
/// A multicast endpoint of its own for each test: a group under 239.192.0.0/14 (organisation-local scope) picked by
/// process and counter, and a UDP port the kernel just gave out, so that tests running at once never hear each
/// other. The interface is 127.0.0.1 and the packets' TTL 1: nothing leaves the loopback.
/// </summary>
internal static class MulticastEndpoints
{
    private static int _next;

    /// <summary>A new <c>TRANSPORT://127.0.0.1;GROUP:PORT</c> (epgm or pgm).</summary>
    public static string Next(string transport = "epgm")
    {
        var (group, port) = NextGroup();
        return $"{transport}://127.0.0.1;{group}:{port}";
    }

    public static (IPAddress Group, int Port) NextGroup()
    {
        var n = Interlocked.Increment(ref _next);
        var group = new IPAddress([239, 192, (byte)(100 + (Environment.ProcessId % 100)), (byte)(1 + (n % 250))]);
        return (group, FreeUdpPort());
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Any, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
