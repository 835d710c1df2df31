using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RuntimeActors.Transports.Tcp;

/// <summary>
/// The <c>tcp</c> transport of zmq_tcp(7): binds <c>tcp://interface:port</c> (<c>*</c> for every IPv4
/// interface, <c>*</c> or <c>0</c> for an ephemeral port) and connects to <c>tcp://host:port</c>, where hosts are
/// IPv4 literals, IPv6 literals in brackets such as <c>[::1]</c>, or DNS names.
/// </summary>
public sealed class TcpTransport : ITransport
{
    /// <summary>The name endpoints use: <c>tcp</c>.</summary>
    public const string TransportName = "tcp";

    /// <summary>The listen backlog libzmq uses by default (ZMQ_BACKLOG).</summary>
    private const int Backlog = 100;

    // Linux values of SOL_SOCKET and SO_REUSEADDR, for setting the option alone (see Listen).
    private const int LinuxSolSocket = 1;
    private const int LinuxSoReuseAddr = 2;

    /// <inheritdoc />
    public string Name => TransportName;

    /// <inheritdoc />
    public TransportAddress Resolve(string address, EndpointUse use) => TcpAddress.Parse(address, use);

    /// <inheritdoc />
    public async ValueTask<ITransportListener> ListenAsync(TransportAddress address, CancellationToken cancellationToken)
    {
        var tcp = Expect(address, EndpointUse.Bind);
        var endpoint = tcp.ToString();
        var ip = tcp.Literal ?? (await ResolveAsync(tcp, cancellationToken).ConfigureAwait(false))[0];
        cancellationToken.ThrowIfCancellationRequested();
        return Listen(ip, tcp.Port, endpoint);
    }

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> ConnectAsync(TransportAddress address, CancellationToken cancellationToken)
    {
        var tcp = Expect(address, EndpointUse.Connect);
        var endpoint = tcp.ToString();
        IReadOnlyList<IPAddress> candidates = tcp.Literal is { } literal
            ? [literal]
            : await ResolveAsync(tcp, cancellationToken).ConfigureAwait(false);

        // Try every address in order (IPv4 first) so "localhost" reaches a peer bound on either loopback.
        SocketException? firstFailure = null;
        IPEndPoint? firstTarget = null;
        StringBuilder? alsoTried = null;
        foreach (var ip in candidates)
        {
            var target = new IPEndPoint(ip, tcp.Port);
            Socket? socket = null;
            try
            {
                socket = new Socket(ip.AddressFamily, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
                var connection = TcpConnection.Start(socket);
                socket = null;
                return connection;
            }
            catch (SocketException e)
            {
                if (firstFailure is null)
                {
                    firstFailure = e;
                    firstTarget = target;
                }
                else
                {
                    (alsoTried ??= new StringBuilder("; also tried")).Append(' ').Append(target).Append(" (").Append(e.SocketErrorCode).Append(')');
                }
            }
            finally
            {
                socket?.Dispose();
            }
        }

        throw TcpErrors.ForConnect(firstFailure!, endpoint, firstTarget!, alsoTried?.ToString() ?? string.Empty);
    }

    /// <inheritdoc />
    public bool IsTransient(Exception connectFailure) => TcpErrors.IsTransient(connectFailure);

    private static TcpTransportListener Listen(IPAddress ip, int port, string endpoint)
    {
        Socket? socket = null;
        try
        {
            socket = new Socket(ip.AddressFamily, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
            if (ip.Equals(IPAddress.IPv6Any))
            {
                // libzmq maps IPv4 onto IPv6 listeners, so [::] also serves IPv4 peers.
                socket.DualMode = true;
            }

            // libzmq sets SO_REUSEADDR on Linux listeners so a restarted binder can rebind while old connections
            // sit in TIME_WAIT. Socket.SetSocketOption(ReuseAddress) would also set SO_REUSEPORT there, letting two
            // live listeners share the port; setting the raw option keeps EADDRINUSE for a second listener.
            if (OperatingSystem.IsLinux())
            {
                Span<byte> enabled = stackalloc byte[sizeof(int)];
                BitConverter.TryWriteBytes(enabled, 1);
                socket.SetRawSocketOption(LinuxSolSocket, LinuxSoReuseAddr, enabled);
            }

            socket.Bind(new IPEndPoint(ip, port));
            socket.Listen(Backlog);
            var listener = new TcpTransportListener(socket);
            socket = null;
            return listener;
        }
        catch (SocketException e)
        {
            throw TcpErrors.ForListen(e, endpoint);
        }
        finally
        {
            socket?.Dispose();
        }
    }

    private static TcpAddress Expect(TransportAddress address, EndpointUse use)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address is not TcpAddress tcp)
        {
            throw new ArgumentException($"The address '{address}' was not resolved by the tcp transport.", nameof(address));
        }

        if (tcp.Use != use)
        {
            throw new ArgumentException($"The address '{address}' was resolved for {tcp.Use}, not {use}.", nameof(address));
        }

        return tcp;
    }

    /// <summary>Resolves the host name of <paramref name="address"/>, IPv4 addresses first; never empty.</summary>
    private static async Task<IPAddress[]> ResolveAsync(TcpAddress address, CancellationToken cancellationToken)
    {
        IPAddress[] found;
        try
        {
            found = await Dns.GetHostAddressesAsync(address.Host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw TcpErrors.ForResolve(e, address.ToString(), address.Host, address.Use);
        }

        var usable = found
            .Where(ip => ip.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            .OrderBy(ip => ip.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .ToArray();
        return usable.Length > 0
            ? usable
            : throw TcpErrors.ForResolve(new SocketException((int)SocketError.HostNotFound), address.ToString(), address.Host, address.Use);
    }
}
