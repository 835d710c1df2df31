using Akka.Configuration;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;

namespace RuntimeActors.Samples.VmTelemetry;

/// <summary>What both modes share: the runtime's transports and how a socket reaches its peer.</summary>
internal static class TelemetryRuntime
{
    /// <summary>
    /// A runtime with every transport a VM setup may need: vsock and vmci between guests and host, tcp where
    /// there is no vsock, and ipc for the Unix sockets Firecracker's host side uses in place of AF_VSOCK.
    /// </summary>
    public static SocketRuntime Create(ILoggerFactory loggerFactory) => SocketRuntime.Create(b =>
    {
        b.SystemName = "vmtelemetry";
        // The actors log through the host's logger factory, as the sample's own lines do. A peer that comes and goes is
        // this sample's normal case: reconnects are logged at Info, below what the sample shows.
        b.Setup = new LoggerFactorySetup(loggerFactory);
        b.Config = ConfigurationFactory.ParseString("""
            akka.loggers = ["Akka.Hosting.Logging.LoggerFactoryLogger, Akka.Hosting"]
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            """);
        b.AddVsock().AddVmci().AddTcp().AddIpc();
    });

    /// <summary>Binds or connects the socket as the options say, and returns the endpoint it ended up on.</summary>
    public static async ValueTask<string> AttachAsync(ZSocket socket, TelemetryOptions options, CancellationToken cancellationToken)
    {
        if (options.Bind is { } bind)
        {
            // The socket reports the real endpoint, which differs when the port is a wildcard.
            return await socket.BindAsync(bind, cancellationToken).ConfigureAwait(false);
        }

        var connect = options.Connect ?? throw new InvalidOperationException("Neither Telemetry:Bind nor Telemetry:Connect is set.");
        await socket.ConnectAsync(connect, cancellationToken).ConfigureAwait(false);
        return connect;
    }
}
