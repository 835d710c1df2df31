using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.Transports.Ipc;

/// <summary>
/// The <c>ipc</c> transport of zmq_ipc(7), over Unix domain stream sockets: <c>ipc:///tmp/feeds/0</c> (absolute),
/// <c>ipc://feeds/0</c> (relative to the working directory), <c>ipc://@name</c> (the Linux abstract namespace)
/// and, for bind only, <c>ipc://*</c> (a unique temporary pathname, reported as the real endpoint).
/// </summary>
/// <remarks>
/// A bind takes over a path another socket or process has bound; the socket file is removed on unbind and on
/// close, but only while it is still the binder's own (see the README's ipc section). Connecting to a path that
/// nobody has bound yet is a transient failure: the connecter retries with the reconnect interval.
/// </remarks>
public sealed class IpcTransport : ITransport
{
    /// <summary>The name endpoints use: <c>ipc</c>.</summary>
    public const string TransportName = "ipc";

    /// <summary>The listen backlog libzmq uses by default (ZMQ_BACKLOG).</summary>
    private const int Backlog = 100;

    /// <summary>The directory of an <c>ipc://*</c> bind is named like this, then random characters.</summary>
    private const string TemporaryDirectoryPrefix = "ractors-ipc-";

    /// <summary>The name of the socket file in the directory of an <c>ipc://*</c> bind, as libzmq names it.</summary>
    private const string TemporarySocketName = "socket";

    /// <inheritdoc />
    public string Name => TransportName;

    /// <inheritdoc />
    public TransportAddress Resolve(string address, EndpointUse use) =>
        Socket.OSSupportsUnixDomainSockets
            ? IpcAddress.Parse(address, use)
            : throw new ZmqException(ZmqError.ProtocolNotSupported, $"{TransportName}://{address}", "this system has no Unix domain sockets");

    /// <inheritdoc />
    /// <remarks>Binds on the calling thread before it returns: there is nothing to wait for.</remarks>
    public ValueTask<ITransportListener> ListenAsync(TransportAddress address, CancellationToken cancellationToken)
    {
        var ipc = Expect(address, EndpointUse.Bind);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult<ITransportListener>(Listen(ipc));
        }
        catch (Exception e) when (e is ZmqException or OperationCanceledException)
        {
            return ValueTask.FromException<ITransportListener>(e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> ConnectAsync(TransportAddress address, CancellationToken cancellationToken)
    {
        var ipc = Expect(address, EndpointUse.Connect);
        Socket? socket = null;
        try
        {
            socket = new Socket(AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(SocketAddressOf(ipc.Kind, ipc.Address), cancellationToken).ConfigureAwait(false);
            var connection = IpcConnection.Start(socket);
            socket = null;
            return connection;
        }
        catch (SocketException e)
        {
            throw IpcErrors.ForConnect(e, ipc.ToString(), Describe(ipc.Kind, ipc.Address));
        }
        finally
        {
            socket?.Dispose();
        }
    }

    /// <inheritdoc />
    public bool IsTransient(Exception connectFailure) => IpcErrors.IsTransient(connectFailure);

    /// <summary>The endpoint string of a socket end: <c>ipc://</c> and the path or <c>@name</c>, nothing after it for an unnamed end.</summary>
    internal static string FormatEndpoint(EndPoint? endPoint) =>
        // UnixDomainSocketEndPoint prints an abstract name with '@' for its NUL, as libzmq does, and an unnamed end as "".
        $"{TransportName}://{endPoint}";

    private static IpcTransportListener Listen(IpcAddress address)
    {
        var endpoint = address.ToString();
        switch (address.Kind)
        {
            case IpcAddressKind.Abstract:
                return Bind(address.Kind, address.Address, endpoint, endpoint, fullPath: null);
            case IpcAddressKind.Path:
                var fullPath = Path.GetFullPath(address.Address);
                SocketFile.TakeOver(fullPath, endpoint);
                // The path is bound as written, like libzmq, so that a relative path is measured as written.
                return Bind(address.Kind, address.Address, endpoint, endpoint, fullPath);
            default:
                return BindTemporary(address, endpoint);
        }
    }

    private static IpcTransportListener BindTemporary(IpcAddress address, string endpoint)
    {
        string directory;
        try
        {
            // mkdtemp: a new directory that only this user can enter, so nobody can race for the name inside it.
            directory = Directory.CreateTempSubdirectory(TemporaryDirectoryPrefix).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZmqException(
                ZmqError.AccessDenied,
                endpoint,
                $"no temporary directory can be created in '{Path.GetTempPath()}' (set TMPDIR to a writable directory): {e.Message}",
                e);
        }

        var path = Path.Join(directory, TemporarySocketName);
        try
        {
            IpcAddress.CheckLength($"{TransportName}://{path}", path, address.Platform);
            return Bind(IpcAddressKind.Path, path, endpoint, $"{TransportName}://{path}", path, directory);
        }
        catch
        {
            TryRemoveDirectory(directory);
            throw;
        }
    }

    private static IpcTransportListener Bind(IpcAddressKind kind, string path, string endpoint, string realEndpoint, string? fullPath, string? temporaryDirectory = null)
    {
        Socket? socket = null;
        try
        {
            socket = new Socket(AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new IpcBindEndPoint(SocketAddressOf(kind, path)));
            var file = fullPath is null ? null : SocketFile.Created(fullPath, temporaryDirectory);
            try
            {
                socket.Listen(Backlog);
            }
            catch
            {
                file?.Remove();
                throw;
            }

            var listener = new IpcTransportListener(socket, realEndpoint, file);
            socket = null;
            return listener;
        }
        catch (SocketException e)
        {
            throw IpcErrors.ForListen(e, endpoint, Describe(kind, path), fullPath is null ? null : Path.GetDirectoryName(fullPath));
        }
        finally
        {
            socket?.Dispose();
        }
    }

    private static UnixDomainSocketEndPoint SocketAddressOf(IpcAddressKind kind, string path) =>
        // In the abstract namespace the name starts with a NUL byte, which '@' stands for in the endpoint.
        new(kind == IpcAddressKind.Abstract ? string.Concat("\0", path.AsSpan(1)) : path);

    // A relative path is shown whole in messages: the endpoint beside it does not say which directory it meant.
    private static string Describe(IpcAddressKind kind, string path) =>
        kind == IpcAddressKind.Abstract ? path : Path.GetFullPath(path);

    private static void TryRemoveDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind in the temporary directory, as by a crashed binder; the bind failure is what matters.
        }
    }

    private static IpcAddress Expect(TransportAddress address, EndpointUse use)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address is not IpcAddress ipc)
        {
            throw new ArgumentException($"The address '{address}' was not resolved by the ipc transport.", nameof(address));
        }

        if (ipc.Use != use)
        {
            throw new ArgumentException($"The address '{address}' was resolved for {ipc.Use}, not {use}.", nameof(address));
        }

        return ipc;
    }
}
