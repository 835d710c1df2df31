namespace RuntimeActors.Messages;

/// <summary>What a message in a pipe carries: data, a subscription the engine sends as a command, or (inproc only) a handshake or the join that follows it.</summary>
internal enum MessageKind
{
    Data,
    Subscribe,
    Cancel,
    Handshake,
    Join,
}
