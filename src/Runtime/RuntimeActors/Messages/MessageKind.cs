namespace RuntimeActors;

/// <summary>What a message in a pipe carries: data, a subscription the engine sends as a command, or (inproc only) a handshake.</summary>
internal enum MessageKind
{
    Data,
    Subscribe,
    Cancel,
    Handshake,
}
