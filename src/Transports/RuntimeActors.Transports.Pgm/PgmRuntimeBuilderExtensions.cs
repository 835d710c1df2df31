using RuntimeActors.Transports.Pgm;

namespace RuntimeActors;

/// <summary>Registers the pgm and epgm multicast transports with a runtime.</summary>
public static class PgmRuntimeBuilderExtensions
{
    /// <summary>
    /// Makes <c>pgm://</c> (raw IP, needs CAP_NET_RAW) and <c>epgm://</c> (PGM over UDP) endpoints available to the
    /// runtime's PUB, XPUB, SUB and XSUB sockets.
    /// </summary>
    public static SocketRuntimeBuilder AddPgm(this SocketRuntimeBuilder builder) => builder.AddPgm(PgmTransportOptions.None);

    /// <summary>Registers both transports with test hooks.</summary>
    internal static SocketRuntimeBuilder AddPgm(this SocketRuntimeBuilder builder, PgmTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddTransport(new PgmTransport(PgmTransport.PgmName, options, TimeProvider.System))
            .AddTransport(new PgmTransport(PgmTransport.EpgmName, options, TimeProvider.System));
    }
}
