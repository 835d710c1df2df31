using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock.Uml.Tests;

/// <summary>The transports themselves over the guest's vsock loopback: connect, accept, bytes, errors.</summary>
public sealed class TransportTests
{
    private static readonly VmSocketTransport Vsock = new(VmSocketFamily.Vsock, new VmSocketOptions());
    private static readonly VmSocketTransport Vmci = new(VmSocketFamily.Vmci, new VmSocketOptions());

    public TransportTests() => Uml.EnsureInside();

    [Fact]
    public async Task Connects_accepts_and_moves_bytes_both_ways()
    {
        using var deadline = Uml.Deadline();
        await using var listener = await Vsock.ListenAsync(Vsock.Resolve("1:*", EndpointUse.Bind), deadline.Token);
        var port = listener.Endpoint["vsock://1:".Length..];
        var accepting = listener.AcceptAsync(deadline.Token).AsTask();

        await using var client = await Vsock.ConnectAsync(Vsock.Resolve($"1:{port}", EndpointUse.Connect), deadline.Token);
        await using var server = await accepting;

        Assert.Equal($"vsock://1:{port}", client.RemoteEndpoint);
        Assert.Equal($"vsock://1:{port}", server.LocalEndpoint);
        Assert.Equal(client.LocalEndpoint[client.LocalEndpoint.LastIndexOf(':')..], server.RemoteEndpoint[server.RemoteEndpoint.LastIndexOf(':')..]);
        await WriteAsync(client.Stream().Output, "ping", deadline.Token);
        Assert.Equal("ping", await ReadAsync(server.Stream().Input, 4, deadline.Token));
        await WriteAsync(server.Stream().Output, "pong", deadline.Token);
        Assert.Equal("pong", await ReadAsync(client.Stream().Input, 4, deadline.Token));
    }

    [Fact]
    public async Task Completing_the_output_ends_the_peers_input_after_the_data()
    {
        using var deadline = Uml.Deadline();
        await using var listener = await Vsock.ListenAsync(Vsock.Resolve("*:*", EndpointUse.Bind), deadline.Token);
        var accepting = listener.AcceptAsync(deadline.Token).AsTask();
        await using var client = await Vsock.ConnectAsync(Vsock.Resolve($"1:{PortOf(listener)}", EndpointUse.Connect), deadline.Token);
        await using var server = await accepting;

        await WriteAsync(client.Stream().Output, "last words", deadline.Token);
        await client.Stream().Output.CompleteAsync();

        Assert.Equal("last words", await ReadAsync(server.Stream().Input, 10, deadline.Token));
        var end = await server.Stream().Input.ReadAsync(deadline.Token);
        Assert.True(end.IsCompleted);
        Assert.True(end.Buffer.IsEmpty);
    }

    [Fact]
    public async Task Disposing_a_connection_delivers_what_was_flushed_then_ends_the_peers_input()
    {
        using var deadline = Uml.Deadline();
        await using var listener = await Vsock.ListenAsync(Vsock.Resolve("1:*", EndpointUse.Bind), deadline.Token);
        var accepting = listener.AcceptAsync(deadline.Token).AsTask();
        var client = await Vsock.ConnectAsync(Vsock.Resolve($"1:{PortOf(listener)}", EndpointUse.Connect), deadline.Token);
        await using var server = await accepting;

        await WriteAsync(client.Stream().Output, "goodbye", deadline.Token);
        await client.DisposeAsync();

        Assert.Equal("goodbye", await ReadAsync(server.Stream().Input, 7, deadline.Token));
        var end = await server.Stream().Input.ReadAsync(deadline.Token);
        Assert.True(end.IsCompleted);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task An_idle_connection_waits_for_data_instead_of_ending()
    {
        using var deadline = Uml.Deadline();
        await using var listener = await Vsock.ListenAsync(Vsock.Resolve("1:*", EndpointUse.Bind), deadline.Token);
        var accepting = listener.AcceptAsync(deadline.Token).AsTask();
        await using var client = await Vsock.ConnectAsync(Vsock.Resolve($"1:{PortOf(listener)}", EndpointUse.Connect), deadline.Token);
        await using var server = await accepting;

        // The read is pending until the peer writes: an empty receive must not read as the end of the stream.
        var reading = ReadAsync(server.Stream().Input, 5, deadline.Token);
        var roundTrip = ReadAsync(client.Stream().Input, 4, deadline.Token);
        await WriteAsync(server.Stream().Output, "mark", deadline.Token);
        Assert.Equal("mark", await roundTrip);
        Assert.False(reading.IsCompleted);

        await WriteAsync(client.Stream().Output, "later", deadline.Token);
        Assert.Equal("later", await reading);
    }

    [Fact]
    public async Task A_connect_to_a_port_nobody_listens_on_is_refused_and_worth_retrying()
    {
        using var deadline = Uml.Deadline();
        var port = await FreePortAsync(deadline.Token);

        var failure = await Assert.ThrowsAsync<ZmqException>(async () =>
            await Vsock.ConnectAsync(Vsock.Resolve($"1:{port}", EndpointUse.Connect), deadline.Token));

        Assert.Equal(ZmqError.ConnectionRefused, failure.Error);
        Assert.Equal($"vsock://1:{port}", failure.Endpoint);
        Assert.True(Vsock.IsTransient(failure));
    }

    [Fact]
    public async Task Passes_the_to_host_flag_to_the_kernel()
    {
        using var deadline = Uml.Deadline();
        await using var listener = await Vsock.ListenAsync(Vsock.Resolve("1:*", EndpointUse.Bind), deadline.Token);
        var accepting = listener.AcceptAsync(deadline.Token).AsTask();

        // The loopback CID is served locally whatever the flag says; the kernel checks the flag is one it knows.
        await using var client = await Vsock.ConnectAsync(Vsock.Resolve($"1:{PortOf(listener)}?to-host", EndpointUse.Connect), deadline.Token);
        await using var server = await accepting;

        await WriteAsync(client.Stream().Output, "up", deadline.Token);
        Assert.Equal("up", await ReadAsync(server.Stream().Input, 2, deadline.Token));
    }

    [Fact]
    public async Task Vmci_binds_at_as_the_local_CID_and_connects_through_it()
    {
        using var deadline = Uml.Deadline();
        Assert.Equal(0, VmSockets.GetLocalCid(out var cid));
        await using var listener = await Vmci.ListenAsync(Vmci.Resolve("@:*", EndpointUse.Bind), deadline.Token);
        Assert.StartsWith($"vmci://{cid}:", listener.Endpoint, StringComparison.Ordinal);
        var accepting = listener.AcceptAsync(deadline.Token).AsTask();

        await using var client = await Vmci.ConnectAsync(Vmci.Resolve($"{cid}:{PortOf(listener)}", EndpointUse.Connect), deadline.Token);
        await using var server = await accepting;

        Assert.StartsWith("vmci://", server.RemoteEndpoint, StringComparison.Ordinal);
        await WriteAsync(client.Stream().Output, "vmci", deadline.Token);
        Assert.Equal("vmci", await ReadAsync(server.Stream().Input, 4, deadline.Token));
    }

    [Fact]
    public async Task Connections_inherit_the_buffer_size_so_a_large_write_streams_through()
    {
        using var deadline = Uml.Deadline();
        var options = new VmSocketOptions { BufferMaxSize = 2 * 1024 * 1024, BufferSize = 2 * 1024 * 1024, ConnectTimeout = TimeSpan.FromSeconds(5) };
        var transport = new VmSocketTransport(VmSocketFamily.Vsock, options.Validated());
        await using var listener = await transport.ListenAsync(transport.Resolve("1:*", EndpointUse.Bind), deadline.Token);
        var accepting = listener.AcceptAsync(deadline.Token).AsTask();
        await using var client = await transport.ConnectAsync(transport.Resolve($"1:{PortOf(listener)}", EndpointUse.Connect), deadline.Token);
        await using var server = await accepting;
        var payload = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(payload);

        var writing = Task.Run(async () =>
        {
            await client.Stream().Output.WriteAsync(payload, deadline.Token);
            await client.Stream().Output.CompleteAsync();
        });
        var received = new MemoryStream();
        while (true)
        {
            var result = await server.Stream().Input.ReadAsync(deadline.Token);
            foreach (var segment in result.Buffer)
            {
                received.Write(segment.Span);
            }

            server.Stream().Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await writing;
        Assert.Equal(payload, received.ToArray());
    }

    [Fact]
    public async Task Disposing_a_listener_ends_its_pending_accept_and_frees_the_port()
    {
        using var deadline = Uml.Deadline();
        var listener = await Vsock.ListenAsync(Vsock.Resolve("1:*", EndpointUse.Bind), deadline.Token);
        var port = PortOf(listener);
        var accepting = listener.AcceptAsync(deadline.Token).AsTask();

        await listener.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
        var failure = await Assert.ThrowsAsync<ZmqException>(async () =>
            await Vsock.ConnectAsync(Vsock.Resolve($"1:{port}", EndpointUse.Connect), deadline.Token));
        Assert.Equal(ZmqError.ConnectionRefused, failure.Error);
    }

    private static string PortOf(ITransportListener listener) => listener.Endpoint[(listener.Endpoint.LastIndexOf(':') + 1)..];

    /// <summary>A port that was free a moment ago: bound ephemerally, then released.</summary>
    private static async Task<string> FreePortAsync(CancellationToken cancellationToken)
    {
        await using var listener = await Vsock.ListenAsync(Vsock.Resolve("1:*", EndpointUse.Bind), cancellationToken);
        return PortOf(listener);
    }

    private static async Task WriteAsync(PipeWriter output, string text, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
    }

    private static async Task<string> ReadAsync(PipeReader input, int length, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            if (result.Buffer.Length >= length)
            {
                var text = Encoding.ASCII.GetString(result.Buffer.Slice(0, length).ToArray());
                input.AdvanceTo(result.Buffer.GetPosition(length));
                return text;
            }

            if (result.IsCompleted)
            {
                throw new EndOfStreamException($"the input ended after {result.Buffer.Length} of {length} bytes");
            }

            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
