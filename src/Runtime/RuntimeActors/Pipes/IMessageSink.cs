namespace RuntimeActors.Pipes;

/// <summary>Where a pipe's messages can go at once, skipping its queue and its engine: the peer socket of an inproc connection.</summary>
internal interface IMessageSink
{
    /// <summary>Whether the receiving end has stopped taking messages (its connection ended): what it refuses stays with the sender.</summary>
    bool IsClosed { get; }

    /// <summary>
    /// The sending pipe writes straight in from now on: the sink holds its SNDHWM as well as the receiver's RCVHWM, and
    /// calls <paramref name="onRoom"/> after a <see cref="TryWaitForRoom"/> once it has room again.
    /// </summary>
    void AttachSender(int sendHighWaterMark, Action onRoom);

    /// <summary>Takes <paramref name="message"/> now, or returns false and leaves it with the caller (the receiver is full or gone).</summary>
    bool TryTake(ZMessage message);

    /// <summary>After a refusal: asks for the sender's callback once there is room; false when there is room (or the sink closed) already.</summary>
    bool TryWaitForRoom();
}
