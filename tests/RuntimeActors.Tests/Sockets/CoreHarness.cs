using RuntimeActors.Pipes;
using RuntimeActors.Sockets;

namespace RuntimeActors.Tests.Sockets;

/// <summary>Drives a socket's data path directly, playing the part of connection engines.</summary>
internal static class CoreHarness
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public static SocketCore Core(SocketType type, Action<SocketOptions>? configure = null)
    {
        var options = new SocketOptions();
        configure?.Invoke(options);
        return SocketCoreFactory.Create(type, options);
    }

    public static Pipe ConnectedPipe(SocketCore core, SocketType peerType, string? routingId = null, int sendHighWaterMark = 1000)
    {
        var pipe = new Pipe("test://peer", sendHighWaterMark)
        {
            Peer = new PeerInfo(peerType, routingId is null ? ReadOnlyMemory<byte>.Empty : System.Text.Encoding.UTF8.GetBytes(routingId), "test://peer", "test://remote", 1),
        };
        Assert.True(core.Attach(pipe), "the core refused the pipe");
        return pipe;
    }

    /// <summary>What the engine of <paramref name="pipe"/> would send now.</summary>
    public static List<ZMessage> Drain(Pipe pipe)
    {
        var batch = new List<ZMessage>();
        pipe.Outbound.ReadBatch(batch, int.MaxValue);
        return batch;
    }

    public static List<string> DrainStrings(Pipe pipe) =>
        Drain(pipe).Select(message => string.Join("|", message.GetStrings())).ToList();

    public static Task Deliver(SocketCore core, Pipe pipe, params string[] frames) =>
        core.DeliverAsync(pipe, [ZMessage.FromStrings(frames)], CancellationToken.None).AsTask();

    public static async Task<string> Receive(SocketCore core) =>
        string.Join("|", (await core.ReceiveAsync(Patience, CancellationToken.None)).GetStrings());
}
