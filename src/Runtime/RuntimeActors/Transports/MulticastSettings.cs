namespace RuntimeActors.Transports;

/// <summary>What a multicast endpoint takes from the socket that opens it (the ZMQ_RATE family of zmq_setsockopt(3)).</summary>
/// <param name="SocketType">The socket's type: it decides between a sender and a receiver.</param>
/// <param name="RateKilobitsPerSecond">ZMQ_RATE: the most a sender sends, in kilobits per second, repairs included.</param>
/// <param name="RecoveryInterval">ZMQ_RECOVERY_IVL: how long a sender keeps data to repair it.</param>
/// <param name="Hops">ZMQ_MULTICAST_HOPS: the TTL of multicast packets.</param>
/// <param name="MaxTpdu">ZMQ_MULTICAST_MAXTPDU: the largest packet, IP header included.</param>
/// <param name="MaxMessageSize">ZMQ_MAXMSGSIZE: a receiver drops a larger message and resynchronises; -1 for no bound.</param>
/// <param name="ReceiveBufferSize">ZMQ_RCVBUF: the kernel's receive buffer; -1 for the system's default.</param>
/// <param name="SendBufferSize">ZMQ_SNDBUF: the kernel's send buffer; -1 for the system's default.</param>
public sealed record MulticastSettings(
    SocketType SocketType,
    int RateKilobitsPerSecond,
    TimeSpan RecoveryInterval,
    int Hops,
    int MaxTpdu,
    long MaxMessageSize = -1,
    int ReceiveBufferSize = -1,
    int SendBufferSize = -1);
