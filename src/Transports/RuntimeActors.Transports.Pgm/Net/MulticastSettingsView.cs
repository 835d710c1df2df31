namespace RuntimeActors.Transports.Pgm.Net;

/// <summary>The socket-level part of the multicast settings.</summary>
/// <param name="Hops">The multicast TTL.</param>
/// <param name="ReceiveBufferSize">SO_RCVBUF, or -1.</param>
/// <param name="SendBufferSize">SO_SNDBUF, or -1.</param>
internal readonly record struct MulticastSettingsView(int Hops, int ReceiveBufferSize, int SendBufferSize);
