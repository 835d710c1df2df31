namespace RuntimeActors.Messages;

/// <summary>The pools of the data path, each with its per-thread cache in a non-generic thread-static field.</summary>
internal static class DataPathPools
{
    private static readonly ObjectPool<ZMessage> Messages = new();
    private static readonly ObjectPool<FrameBuffer> Buffers = new();

    [ThreadStatic]
    private static ObjectPool<ZMessage>.ThreadCache? _messageCache;

    [ThreadStatic]
    private static ObjectPool<FrameBuffer>.ThreadCache? _bufferCache;

    public static ZMessage RentMessage() => Messages.Rent(ref _messageCache);

    public static void ReturnMessage(ZMessage message) => Messages.Return(message, ref _messageCache);

    public static FrameBuffer RentBuffer() => Buffers.Rent(ref _bufferCache);

    public static void ReturnBuffer(FrameBuffer buffer) => Buffers.Return(buffer, ref _bufferCache);
}
