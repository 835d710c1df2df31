namespace RuntimeActors;

/// <summary>What a message in a pipe carries: data, or a subscription the engine sends as a command.</summary>
internal enum MessageKind
{
    Data,
    Subscribe,
    Cancel,
}
