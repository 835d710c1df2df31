namespace RuntimeActors.Cluster;

/// <summary>
/// The ZeroMQ-to-cluster side of a <see cref="ZeroMqTopicBridge"/>: a SUB socket subscribed to
/// <see cref="Prefixes"/>, whose every message is published to the cluster topic named by its first frame (UTF-8).
/// </summary>
public sealed class ZeroMqBridgeInbound
{
    /// <summary>
    /// The ZeroMQ subscriptions (ZMQ_SUBSCRIBE, UTF-8): a message is taken in when its first frame starts with one
    /// of them; the empty prefix takes every message. The cluster topic is the whole first frame, not the prefix.
    /// </summary>
    public IList<string> Prefixes { get; } = [];

    /// <summary>Endpoints the inbound SUB socket connects to (the ZeroMQ publishers, or a forwarder's XPUB).</summary>
    public IList<string> Connects { get; } = [];

    /// <summary>Endpoints the inbound SUB socket binds, for publishers that connect.</summary>
    public IList<string> Binds { get; } = [];

    /// <summary>
    /// Adjusts the inbound socket's options, which start from the runtime's defaults (<c>runtime-actors.socket</c>):
    /// <see cref="SocketOptions.ReceiveWindow"/>, CURVE or PLAIN (<see cref="SocketOptions.UseCurveClient"/>...).
    /// </summary>
    public Action<SocketOptions>? Options { get; set; }

    internal bool IsUsed => Prefixes.Count > 0 || Binds.Count > 0 || Connects.Count > 0;

    internal void Validate()
    {
        if (!IsUsed)
        {
            return;
        }

        if (Prefixes.Count == 0)
        {
            throw new ArgumentException("The inbound side has endpoints but no prefixes: a SUB takes nothing until it subscribes (add \"\" for every topic).");
        }

        if (Binds.Count + Connects.Count == 0)
        {
            throw new ArgumentException("The inbound side has prefixes but no endpoint to connect or bind.");
        }
    }
}
