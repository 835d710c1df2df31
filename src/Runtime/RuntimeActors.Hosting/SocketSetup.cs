namespace RuntimeActors.Hosting;

/// <summary>
/// What <see cref="SocketRuntimeHostingExtensions.WithSocket{TKey}"/> does with its socket when the actor system
/// starts: the options it is created with, then its subscriptions, binds and connects, in that order (binds before
/// connects, as zmq_connect(3) advises for inproc).
/// </summary>
public sealed class SocketSetup
{
    private readonly List<string> _binds = [];
    private readonly List<string> _connects = [];
    private readonly List<ReadOnlyMemory<byte>> _subscriptions = [];
    private readonly List<Action<SocketOptions>> _options = [];

    internal SocketSetup()
    {
    }

    internal IReadOnlyList<string> Binds => _binds;

    internal IReadOnlyList<string> Connects => _connects;

    internal IReadOnlyList<ReadOnlyMemory<byte>> Subscriptions => _subscriptions;

    /// <summary>Binds the socket to <paramref name="endpoint"/> (<c>tcp://*:5556</c>, <c>tcp://127.0.0.1:*</c>, <c>ipc://...</c>).</summary>
    public SocketSetup Bind(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        _binds.Add(endpoint);
        return this;
    }

    /// <summary>Connects the socket to <paramref name="endpoint"/>; the connection is made in the background and re-made when lost.</summary>
    public SocketSetup Connect(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        _connects.Add(endpoint);
        return this;
    }

    /// <summary>
    /// Adjusts the socket's options, which start from the runtime's configured defaults (the <c>runtime-actors.socket</c>
    /// section); several calls apply in order.
    /// </summary>
    public SocketSetup Options(Action<SocketOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _options.Add(configure);
        return this;
    }

    /// <summary>Subscribes a SUB (or XSUB) socket to messages whose first frame starts with <paramref name="topic"/>; empty means all.</summary>
    public SocketSetup Subscribe(ReadOnlyMemory<byte> topic)
    {
        _subscriptions.Add(topic.ToArray());
        return this;
    }

    /// <summary>Subscribes a SUB socket to the UTF-8 prefix <paramref name="topic"/>; empty means all.</summary>
    public SocketSetup Subscribe(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return Subscribe(System.Text.Encoding.UTF8.GetBytes(topic));
    }

    internal SocketOptions BuildOptions(SocketRuntime runtime)
    {
        var options = runtime.CreateOptions();
        foreach (var configure in _options)
        {
            configure(options);
        }

        return options;
    }
}
