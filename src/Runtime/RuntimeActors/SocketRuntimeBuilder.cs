using Akka.Actor.Setup;
using Akka.Configuration;
using RuntimeActors.Transports;

namespace RuntimeActors;

/// <summary>Configures a <see cref="SocketRuntime"/>: its transports and, when it makes its own, its actor system.</summary>
public sealed class SocketRuntimeBuilder
{
    internal List<ITransport> Transports { get; } = [];

    /// <summary>The name of the actor system the runtime creates when it is not given one. Default <c>ractors</c>.</summary>
    public string SystemName { get; set; } = "ractors";

    /// <summary>
    /// HOCON for the runtime's own actor system (Akka's settings, loggers, and the <c>runtime-actors</c> section); null
    /// for the defaults. Ignored when the runtime is given a system.
    /// </summary>
    public Config? Config { get; set; }

    /// <summary>More setup of the runtime's own actor system (a logger factory's setup, say); ignored when the runtime is given a system.</summary>
    public Setup? Setup { get; set; }

    /// <summary>Makes <paramref name="transport"/> available to every socket of the runtime under its name.</summary>
    public SocketRuntimeBuilder AddTransport(ITransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Transports.Add(transport);
        return this;
    }
}
