namespace RuntimeActors.Pipes;

/// <summary>Where a pipe's messages can go at once, skipping its queue and its engine: the peer socket of an inproc connection.</summary>
internal interface IMessageSink
{
    /// <summary>Takes <paramref name="message"/> now, or returns false and leaves it with the caller (the receiver is full or gone).</summary>
    bool TryTake(ZMessage message);
}
