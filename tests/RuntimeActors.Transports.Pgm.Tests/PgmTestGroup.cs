using System.Net;
using System.Net.Sockets;
using RuntimeActors.Transports.Pgm.Receiving;

namespace RuntimeActors.Transports.Pgm.Tests;

/// <summary>A loopback group of its own for one test: a free UDP port and a 239.192.x.y group derived from it.</summary>
internal sealed class PgmTestGroup
{
    public PgmTestGroup()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        Address = $"127.0.0.1;239.192.{(Port >> 8) & 0xff}.{Port & 0xff}:{Port}";
    }

    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(20);

    public int Port { get; }

    /// <summary>The address after <c>epgm://</c>.</summary>
    public string Address { get; }

    public static MulticastSettings Settings(SocketType type, int rate = 100_000, int recoveryMs = 10_000) =>
        new(type, rate, TimeSpan.FromMilliseconds(recoveryMs), 1, 1500);

    public PgmConnection Open(SocketType type, PgmTransportOptions? options = null, int rate = 100_000, int recoveryMs = 10_000, string transport = "epgm")
    {
        var pgm = new PgmTransport(transport, options ?? PgmTransportOptions.None, TimeProvider.System);
        return pgm.Open(pgm.Resolve(Address, EndpointUse.Connect), Settings(type, rate, recoveryMs));
    }

    public static PgmTransportOptions FastGiveUp(PgmTransportOptions options) =>
        options with { ReceiveWindow = ReceiveWindowSettings.Default with { NakNcfRetries = 3, NakDataRetries = 3 } };
}
