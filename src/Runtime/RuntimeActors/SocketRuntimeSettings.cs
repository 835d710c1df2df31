using System.Reflection;
using Akka.Configuration;

namespace RuntimeActors;

/// <summary>
/// The runtime's settings from the actor system's configuration, section <c>runtime-actors</c> (see the embedded
/// <c>reference.conf</c> for every key and its default).
/// </summary>
public sealed class SocketRuntimeSettings
{
    /// <summary>The configuration section the settings are read from.</summary>
    public const string Section = "runtime-actors";

    private readonly SocketOptions _defaults;

    /// <summary>Reads the settings from <paramref name="config"/>, the section <c>runtime-actors</c> or the root holding it.</summary>
    public SocketRuntimeSettings(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.HasPath(Section) ? config.GetConfig(Section) : config;
        section = section.WithFallback(DefaultConfig().GetConfig(Section));
        var dispatcher = section.GetString("dispatcher", "");
        Dispatcher = string.IsNullOrWhiteSpace(dispatcher) ? null : dispatcher;

        var socket = section.GetConfig("socket");
        _defaults = new SocketOptions
        {
            SendHighWaterMark = socket.GetInt("send-high-water-mark"),
            ReceiveHighWaterMark = socket.GetInt("receive-high-water-mark"),
            Linger = Duration(socket, "linger"),
            ReconnectInterval = Duration(socket, "reconnect-interval"),
            ReconnectIntervalMax = Duration(socket, "reconnect-interval-max"),
            HandshakeInterval = Duration(socket, "handshake-interval"),
            ReceiveWindow = socket.GetInt("receive-window"),
            MaxConnections = socket.GetInt("max-connections"),
            MaxSubscriptionsPerPeer = socket.GetInt("max-subscriptions-per-peer"),
            MaxSubscriptionBytesPerPeer = socket.GetLong("max-subscription-bytes-per-peer"),
        }.Validated();
    }

    /// <summary>The dispatcher the runtime's actors run on; null for Akka's default dispatcher.</summary>
    public string? Dispatcher { get; }

    /// <summary>A fresh copy of the configured socket defaults.</summary>
    public SocketOptions DefaultSocketOptions => _defaults.Clone();

    /// <summary>The runtime's reference configuration: every key of <c>runtime-actors</c> with its default.</summary>
    public static Config DefaultConfig()
    {
        using var stream = typeof(SocketRuntimeSettings).GetTypeInfo().Assembly.GetManifestResourceStream("RuntimeActors.reference.conf")
            ?? throw new InvalidOperationException("the runtime's reference.conf is not embedded in its assembly");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    private static TimeSpan Duration(Config config, string key)
    {
        var text = config.GetString(key, "");
        if (string.Equals(text, "infinite", StringComparison.OrdinalIgnoreCase))
        {
            return Timeout.InfiniteTimeSpan;
        }

        return config.GetTimeSpan(key, null, allowInfinite: false);
    }
}
