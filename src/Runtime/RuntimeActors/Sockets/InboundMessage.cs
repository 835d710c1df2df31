using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>A received message with the pipe it came through, as it waits in the socket's inbound queue.</summary>
internal readonly record struct InboundMessage(Pipe Pipe, ZMessage Message);
