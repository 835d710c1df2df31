using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock.Tests;

/// <summary>
/// The native layer against this machine's kernel, which has AF_VSOCK with a guest transport but no loopback:
/// everything short of a connection. Nothing here connects, so no packet leaves for the hypervisor.
/// </summary>
public sealed class HostKernelTests
{
    private static readonly VmSocketTransport Vsock = new(VmSocketFamily.Vsock, new VmSocketOptions());
    private static readonly VmSocketTransport Vmci = new(VmSocketFamily.Vmci, new VmSocketOptions());

    [Fact]
    public void Creates_a_non_blocking_close_on_exec_socket()
    {
        Assert.Equal(0, VmSockets.Create(VmSockets.LinuxAddressFamily, out var handle));
        using (handle)
        {
            Assert.False(handle!.IsInvalid);
            var errno = VmSockets.Accept(handle, VmSockets.LinuxAddressFamily, out _, out _);

            // accept on a socket that does not listen fails at once rather than blocking the test.
            Assert.Equal(Errno.EINVAL, errno);
        }
    }

    [Fact]
    public void Reads_the_local_CID_from_dev_vsock()
    {
        Assert.Equal(0, VmSockets.GetLocalCid(out var cid));

        // A guest's CID is at least 3: 0-2 are the hypervisor, the loopback and the host.
        Assert.True(cid is >= 3 and < SockaddrVm.AnyCid, $"local CID {cid}");
    }

    [Fact]
    public async Task Binds_every_CID_on_an_ephemeral_port_and_reports_the_real_one()
    {
        var listener = (VmTransportListener)await Vsock.ListenAsync(Vsock.Resolve("*:*", EndpointUse.Bind), CancellationToken.None);
        await using (listener)
        {
            Assert.Equal(SockaddrVm.AnyCid, listener.Bound.Cid);
            Assert.NotEqual(SockaddrVm.AnyPort, listener.Bound.Port);
            Assert.Equal($"vsock://*:{listener.Bound.Port}", listener.Endpoint);
        }
    }

    [Fact]
    public async Task Binds_the_local_CID_by_number_and_as_vmci_at()
    {
        Assert.Equal(0, VmSockets.GetLocalCid(out var cid));

        await using var byNumber = (VmTransportListener)await Vsock.ListenAsync(Vsock.Resolve($"{cid}:*", EndpointUse.Bind), CancellationToken.None);
        await using var byAt = (VmTransportListener)await Vmci.ListenAsync(Vmci.Resolve("@:*", EndpointUse.Bind), CancellationToken.None);

        Assert.Equal(cid, byNumber.Bound.Cid);
        Assert.StartsWith($"vsock://{cid}:", byNumber.Endpoint, StringComparison.Ordinal);
        Assert.Equal(cid, byAt.Bound.Cid);
        Assert.Equal($"vmci://{cid}:{byAt.Bound.Port}", byAt.Endpoint);
    }

    [Fact]
    public async Task Binds_a_numeric_port_and_refuses_it_twice_with_EADDRINUSE()
    {
        var first = (VmTransportListener)await Vsock.ListenAsync(Vsock.Resolve("*:*", EndpointUse.Bind), CancellationToken.None);
        await using (first)
        {
            var port = first.Bound.Port;
            var failure = await Assert.ThrowsAsync<ZmqException>(async () =>
                await Vsock.ListenAsync(Vsock.Resolve($"*:{port}", EndpointUse.Bind), CancellationToken.None));

            Assert.Equal(ZmqError.AddressInUse, failure.Error);
            Assert.Equal($"vsock://*:{port}", failure.Endpoint);
            Assert.StartsWith($"EADDRINUSE: vsock://*:{port}: the port {port} is already bound (EADDRINUSE: ", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Rebinds_a_port_at_once_after_the_listener_is_disposed()
    {
        var first = (VmTransportListener)await Vsock.ListenAsync(Vsock.Resolve("*:*", EndpointUse.Bind), CancellationToken.None);
        var port = first.Bound.Port;
        await first.DisposeAsync();

        await using var second = (VmTransportListener)await Vsock.ListenAsync(Vsock.Resolve($"*:{port}", EndpointUse.Bind), CancellationToken.None);

        Assert.Equal(port, second.Bound.Port);
    }

    [Fact]
    public async Task Refuses_a_CID_that_is_not_local_with_EADDRNOTAVAIL()
    {
        var failure = await Assert.ThrowsAsync<ZmqException>(async () =>
            await Vsock.ListenAsync(Vsock.Resolve("4000000000:*", EndpointUse.Bind), CancellationToken.None));

        Assert.Equal(ZmqError.AddressNotAvailable, failure.Error);
        Assert.Equal("vsock://4000000000:*", failure.Endpoint);
        Assert.StartsWith("the CID 4000000000 is not local to this machine (EADDRNOTAVAIL: ", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sets_the_buffer_and_timeout_options_on_listeners_for_their_connections_to_inherit()
    {
        var options = new VmSocketOptions
        {
            BufferMinSize = 4096,
            BufferMaxSize = 4 * 1024 * 1024,
            BufferSize = 1024 * 1024,
            ConnectTimeout = TimeSpan.FromMilliseconds(1500),
        };
        var transport = new VmSocketTransport(VmSocketFamily.Vsock, options.Validated());

        await using var listener = (VmTransportListener)await transport.ListenAsync(transport.Resolve("*:*", EndpointUse.Bind), CancellationToken.None);

        Assert.Equal(0, VmSockets.GetUInt64Option(listener.Handle, VmSockets.BufferSizeOption, out var size));
        Assert.Equal(0, VmSockets.GetUInt64Option(listener.Handle, VmSockets.BufferMinSizeOption, out var min));
        Assert.Equal(0, VmSockets.GetUInt64Option(listener.Handle, VmSockets.BufferMaxSizeOption, out var max));
        Assert.Equal(0, VmSockets.GetConnectTimeout(listener.Handle, out var timeout));
        Assert.Equal((1024ul * 1024, 4096ul, 4ul * 1024 * 1024), (size, min, max));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), timeout);
    }

    [Fact]
    public async Task Ends_a_pending_accept_with_cancellation_when_disposed_and_leaves_no_wait_behind()
    {
        var listener = await Vsock.ListenAsync(Vsock.Resolve("*:*", EndpointUse.Bind), CancellationToken.None);
        var accepting = listener.AcceptAsync(CancellationToken.None).AsTask();

        await listener.DisposeAsync();

        var stopped = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("the listener was disposed", stopped.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await listener.AcceptAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Ends_a_pending_accept_when_its_token_is_cancelled_and_keeps_listening()
    {
        await using var listener = await Vsock.ListenAsync(Vsock.Resolve("*:*", EndpointUse.Bind), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var accepting = listener.AcceptAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting.WaitAsync(TimeSpan.FromSeconds(10)));
        using var again = new CancellationTokenSource();
        var next = listener.AcceptAsync(again.Token).AsTask();
        Assert.False(next.IsCompleted);
        await again.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Probes_the_family_when_resolving()
    {
        var resolved = Vsock.Resolve("3:5555", EndpointUse.Connect);

        Assert.Equal("vsock://3:5555", resolved.ToString());
    }
}
