using RuntimeActors.Transports;

namespace RuntimeActors;

/// <summary>The options of the multicast transports (pgm, epgm), with libzmq's names and defaults.</summary>
public sealed partial class SocketOptions
{
    /// <summary>
    /// ZMQ_RATE: the most a multicast sender sends, in kilobits per second, repairs and the IP and UDP headers
    /// included. Default 100, libzmq's: raise it for anything but a trickle.
    /// </summary>
    public int MulticastRate { get; set; } = 100;

    /// <summary>
    /// ZMQ_RECOVERY_IVL: how long a multicast sender keeps what it sent, to repair it for receivers that ask. Default
    /// 10 s. With <see cref="MulticastRate"/> it sizes the transmit window, as in libzmq.
    /// </summary>
    public TimeSpan MulticastRecoveryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>ZMQ_MULTICAST_HOPS: the time-to-live of multicast packets. Default 1: they stay on the local network.</summary>
    public int MulticastHops { get; set; } = 1;

    /// <summary>ZMQ_MULTICAST_MAXTPDU: the largest multicast packet, IP header included, in bytes. Default 1500.</summary>
    public int MulticastMaxTpdu { get; set; } = 1500;

    /// <summary>What a multicast endpoint of a socket of <paramref name="socketType"/> takes from these options.</summary>
    internal MulticastSettings ToMulticastSettings(SocketType socketType) =>
        new(socketType, MulticastRate, MulticastRecoveryInterval, MulticastHops, MulticastMaxTpdu, MaxMessageSize);

    private void ValidateMulticast()
    {
        if (MulticastRate <= 0)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, $"the multicast rate must be positive (kilobits per second), not {MulticastRate}");
        }

        if (MulticastRecoveryInterval <= TimeSpan.Zero)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, "the multicast recovery interval must be positive");
        }

        if (MulticastHops is < 1 or > 255)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, $"the multicast hops must be 1 to 255, not {MulticastHops}");
        }

        // Room for the IPv4, UDP, PGM and data headers (52 bytes) and a byte of data; 65,535 is IP's own bound.
        if (MulticastMaxTpdu is < 128 or > 65535)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, $"the multicast maximum TPDU must be 128 to 65535 bytes, not {MulticastMaxTpdu}");
        }
    }
}
