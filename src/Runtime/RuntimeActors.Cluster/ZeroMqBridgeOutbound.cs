namespace RuntimeActors.Cluster;

/// <summary>
/// The cluster-to-ZeroMQ side of a <see cref="ZeroMqTopicBridge"/>: the DistributedPubSub topics it subscribes to,
/// and the PUB (or XPUB) socket whose first frame of every message is the topic name in UTF-8.
/// </summary>
public sealed class ZeroMqBridgeOutbound
{
    /// <summary>The cluster topics sent out; each is also the ZeroMQ topic (the first frame, UTF-8).</summary>
    public IList<string> Topics { get; } = [];

    /// <summary>Endpoints the outbound socket binds (<c>tcp://*:5556</c>, <c>tcp://127.0.0.1:*</c>).</summary>
    public IList<string> Binds { get; } = [];

    /// <summary>Endpoints the outbound socket connects to (a forwarder's XSUB, a peer's SUB that binds).</summary>
    public IList<string> Connects { get; } = [];

    /// <summary>
    /// <see cref="SocketType.Pub"/> (the default) or <see cref="SocketType.XPub"/>; an XPUB's subscription messages
    /// are acknowledged and dropped, since the bridge sends every topic it has whoever subscribes.
    /// </summary>
    public SocketType SocketType { get; set; } = SocketType.Pub;

    /// <summary>
    /// Adjusts the outbound socket's options, which start from the runtime's defaults (<c>runtime-actors.socket</c>):
    /// high-water mark, linger, CURVE or PLAIN (<see cref="SocketOptions.UseCurveServer"/>...).
    /// </summary>
    public Action<SocketOptions>? Options { get; set; }

    internal bool IsUsed => Topics.Count > 0 || Binds.Count > 0 || Connects.Count > 0;

    internal void Validate()
    {
        if (SocketType is not (SocketType.Pub or SocketType.XPub))
        {
            throw new ArgumentException($"The outbound socket must be PUB or XPUB, not {SocketType}.");
        }

        if (!IsUsed)
        {
            return;
        }

        if (Topics.Count == 0)
        {
            throw new ArgumentException("The outbound side has endpoints but no topics.");
        }

        if (Binds.Count + Connects.Count == 0)
        {
            throw new ArgumentException("The outbound side has topics but no endpoint to bind or connect.");
        }

        if (Topics.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("An outbound topic is empty: DistributedPubSub topics need a name.");
        }
    }
}
