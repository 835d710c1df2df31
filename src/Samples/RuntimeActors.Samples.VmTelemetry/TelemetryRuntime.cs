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
        b.LoggerFactory = loggerFactory;
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
