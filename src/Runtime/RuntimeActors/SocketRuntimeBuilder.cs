using Microsoft.Extensions.Logging;
using RuntimeActors.Actors;
using RuntimeActors.Transports;

namespace RuntimeActors;

/// <summary>Configures a <see cref="SocketRuntime"/>: its transports and, when it makes its own, its actor system.</summary>
public sealed class SocketRuntimeBuilder
{
    internal List<ITransport> Transports { get; } = [];

    /// <summary>The name of the actor system the runtime creates when it is not given one. Default <c>ractors</c>.</summary>
    public string SystemName { get; set; } = "ractors";

    /// <summary>Where the runtime's own actor system logs; null for nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The options of the runtime's own actor system.</summary>
    public ActorSystemOptions? SystemOptions { get; set; }

    /// <summary>Makes <paramref name="transport"/> available to every socket of the runtime under its name.</summary>
    public SocketRuntimeBuilder AddTransport(ITransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Transports.Add(transport);
        return this;
    }
}
