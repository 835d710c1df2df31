using System.Globalization;
using System.Net.Sockets;
using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock;

/// <summary>
/// The <c>vsock</c> and <c>vmci</c> transports of zmq_vsock(7) and zmq_vmci(7), one class for both: a
/// <see cref="VmSocketFamily"/> supplies what differs. Sockets are made, bound, connected and accepted through the
/// native layer (.NET's <see cref="Socket"/> cannot create, connect or accept AF_VSOCK); waits for a connection or
/// for a connect to finish go to the <see cref="EpollPoller"/>; established connections move their bytes through a
/// <see cref="Socket"/> wrapped around the descriptor.
/// </summary>
internal sealed class VmSocketTransport : ITransport
{
    /// <summary>The listen backlog libzmq uses by default (ZMQ_BACKLOG).</summary>
    private const int Backlog = 100;

    private readonly VmSocketFamily _family;
    private readonly VmSocketOptions _options;

    /// <summary>Creates the transport for <paramref name="family"/> with validated <paramref name="options"/>.</summary>
    public VmSocketTransport(VmSocketFamily family, VmSocketOptions options)
    {
        _family = family;
        _options = options;
    }

    /// <inheritdoc />
    public string Name => _family.Name;

    /// <summary>The options every socket of this transport gets.</summary>
    public VmSocketOptions Options => _options;

    /// <inheritdoc />
    /// <remarks>
    /// Besides parsing, this creates and closes one AF_VSOCK socket, a call that never blocks, so that a machine
    /// without the family fails the bind or connect at once with EPROTONOSUPPORT instead of retrying forever.
    /// </remarks>
    public TransportAddress Resolve(string address, EndpointUse use)
    {
        var parsed = VmAddress.Parse(_family.Name, address, use);
        var endpoint = parsed.ToString();
        var errno = VmSockets.Create(_family.AddressFamily(endpoint), out var probe);
        probe?.Dispose();
        return errno == 0 ? parsed : throw VmErrors.ForCreate(errno, endpoint);
    }

    /// <inheritdoc />
    public ValueTask<ITransportListener> ListenAsync(TransportAddress address, CancellationToken cancellationToken)
    {
        var vm = Expect(address, EndpointUse.Bind);
        cancellationToken.ThrowIfCancellationRequested();
        var endpoint = vm.ToString();
        var family = _family.AddressFamily(endpoint);
        var cid = vm.Cid switch
        {
            VmCid.Local => _family.LocalCid(endpoint),
            _ => vm.CidNumber,
        };
        var target = new SockaddrVm(cid, vm.Port);
        var handle = CreateSocket(family, endpoint);
        try
        {
            var errno = VmSockets.Bind(handle, family, target);
            if (errno == 0)
            {
                errno = VmSockets.Listen(handle, Backlog);
            }

            if (errno == 0)
            {
                errno = VmSockets.GetSockName(handle, family, out var bound);
                if (errno == 0)
                {
                    var listener = new VmTransportListener(handle, _family, family, bound, EpollPoller.Shared);
                    handle = null;
                    return ValueTask.FromResult<ITransportListener>(listener);
                }
            }

            throw VmErrors.ForListen(errno, endpoint, target);
        }
        finally
        {
            handle?.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> ConnectAsync(TransportAddress address, CancellationToken cancellationToken)
    {
        var vm = Expect(address, EndpointUse.Connect);
        cancellationToken.ThrowIfCancellationRequested();
        var endpoint = vm.ToString();
        var family = _family.AddressFamily(endpoint);
        var target = new SockaddrVm(vm.CidNumber, vm.Port, vm.Flags);
        var handle = CreateSocket(family, endpoint);
        try
        {
            var errno = VmSockets.Connect(handle, family, target);
            if (errno == Errno.EINPROGRESS)
            {
                // The kernel ends the attempt itself after SO_VM_SOCKETS_CONNECT_TIMEOUT, so this wait is bounded.
                await EpollPoller.Shared.WaitAsync(handle, EpollEvents.Out, cancellationToken).ConfigureAwait(false);
                var read = VmSockets.GetSocketError(handle, out errno);
                errno = read != 0 ? read : errno;
            }

            if (errno != 0)
            {
                throw VmErrors.ForConnect(errno, endpoint, target);
            }

            var local = VmSockets.GetSockName(handle, family, out var localAddress) == 0 ? localAddress : new SockaddrVm(SockaddrVm.AnyCid, SockaddrVm.AnyPort);
            var remote = VmSockets.GetPeerName(handle, family, out var peer) == 0 ? peer : target;
            var connection = VmConnection.Start(handle, VmAddress.FormatEndpoint(_family.Name, local), VmAddress.FormatEndpoint(_family.Name, remote));
            handle = null;
            return connection;
        }
        finally
        {
            handle?.Dispose();
        }
    }

    /// <inheritdoc />
    public bool IsTransient(Exception connectFailure) => VmErrors.IsTransient(connectFailure);

    /// <summary>A non-blocking AF_VSOCK socket with this transport's options set.</summary>
    private SafeSocketHandle CreateSocket(int family, string endpoint)
    {
        var errno = VmSockets.Create(family, out var handle);
        if (errno != 0)
        {
            throw VmErrors.ForCreate(errno, endpoint);
        }

        try
        {
            ApplyOptions(handle!, endpoint);
            return handle!;
        }
        catch
        {
            handle!.Dispose();
            throw;
        }
    }

    private void ApplyOptions(SafeSocketHandle handle, string endpoint)
    {
        // The kernel clamps the buffer size into [min, max] as each is set, so the bounds go first.
        SetSize(handle, endpoint, VmSockets.BufferMaxSizeOption, "SO_VM_SOCKETS_BUFFER_MAX_SIZE", _options.BufferMaxSize);
        SetSize(handle, endpoint, VmSockets.BufferMinSizeOption, "SO_VM_SOCKETS_BUFFER_MIN_SIZE", _options.BufferMinSize);
        SetSize(handle, endpoint, VmSockets.BufferSizeOption, "SO_VM_SOCKETS_BUFFER_SIZE", _options.BufferSize);
        if (_options.ConnectTimeout is { } timeout)
        {
            var errno = VmSockets.SetConnectTimeout(handle, timeout);
            if (errno != 0)
            {
                throw VmErrors.ForOption(errno, endpoint, "SO_VM_SOCKETS_CONNECT_TIMEOUT", timeout.ToString("c", CultureInfo.InvariantCulture));
            }
        }
    }

    private static void SetSize(SafeSocketHandle handle, string endpoint, int option, string name, ulong? value)
    {
        if (value is not { } size)
        {
            return;
        }

        var errno = VmSockets.SetUInt64Option(handle, option, size);
        if (errno != 0)
        {
            throw VmErrors.ForOption(errno, endpoint, name, size.ToString(CultureInfo.InvariantCulture));
        }
    }

    private VmAddress Expect(TransportAddress address, EndpointUse use)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address is not VmAddress vm || vm.Transport != _family.Name)
        {
            throw new ArgumentException($"The address '{address}' was not resolved by the {_family.Name} transport.", nameof(address));
        }

        if (vm.Use != use)
        {
            throw new ArgumentException($"The address '{address}' was resolved for {vm.Use}, not {use}.", nameof(address));
        }

        return vm;
    }
}
