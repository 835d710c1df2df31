using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.Reliability.Tests;

/// <summary>
/// A TCP relay between two peers, standing in for the network (this kernel has no <c>tc netem</c>): it accepts on a
/// loopback port, connects each accepted connection to the target, and pumps bytes both ways through two
/// <see cref="RelayDirection"/>s that pause, delay and throttle. <see cref="Cut"/> kills the current connections (a FIN, or
/// an RST) as a broken link or a crashed middlebox would; later connections are relayed as before.
/// </summary>
internal sealed class RelayProxy : IAsyncDisposable
{
    private const int ChunkSize = 16 * 1024;

    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Relayed, byte> _connections = new();
    private readonly Task _accepting;
    private int _accepted;

    private RelayProxy(IPEndPoint target)
    {
        _target = target;
        _listener = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        Endpoint = $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>Where the connecting peer connects: the relay's own port.</summary>
    public string Endpoint { get; }

    /// <summary>Bytes from the connecting peer to the target.</summary>
    public RelayDirection ToTarget { get; } = new("to target");

    /// <summary>Bytes from the target back to the connecting peer.</summary>
    public RelayDirection FromTarget { get; } = new("from target");

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections being relayed now.</summary>
    public int Active => _connections.Count;

    /// <summary>Relays connections to <paramref name="targetEndpoint"/>, a <c>tcp://127.0.0.1:port</c> endpoint.</summary>
    public static RelayProxy Start(string targetEndpoint)
    {
        var uri = new Uri(targetEndpoint);
        if (uri.Scheme != "tcp")
        {
            throw new ArgumentException($"the relay relays tcp only, not '{targetEndpoint}'", nameof(targetEndpoint));
        }

        return new RelayProxy(new IPEndPoint(IPAddress.Parse(uri.Host), uri.Port));
    }

    /// <summary>Pauses both directions: the peers stay connected and hear nothing (a silent peer, a stalled link).</summary>
    public void Pause()
    {
        ToTarget.Pause();
        FromTarget.Pause();
    }

    /// <summary>Resumes both directions.</summary>
    public void Resume()
    {
        ToTarget.Resume();
        FromTarget.Resume();
    }

    /// <summary>
    /// Closes every current connection on both sides: with <paramref name="reset"/> by an RST (SO_LINGER 0), which
    /// discards what the kernel held for it; else by a FIN. Bytes the relay held in a paused direction are lost either way.
    /// </summary>
    /// <returns>How many connections were cut.</returns>
    public int Cut(bool reset = false)
    {
        var cut = 0;
        foreach (var connection in _connections.Keys)
        {
            connection.Close(reset);
            cut++;
        }

        return cut;
    }

    public override string ToString() => $"RelayProxy {Endpoint} -> {_target}: {Accepted} accepted, {Active} active; {ToTarget}; {FromTarget}";

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        Cut(reset: true);
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped, as asked.
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_target, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The target is not there: the connecting peer sees its connection refused, late, as through a real middlebox.
            client.LingerState = new LingerOption(true, 0);
            client.Dispose();
            server.Dispose();
            return;
        }

        var connection = new Relayed(client, server);
        _connections.TryAdd(connection, 0);
        await Task.WhenAll(PumpAsync(client, server, ToTarget, connection), PumpAsync(server, client, FromTarget, connection)).ConfigureAwait(false);
        _connections.TryRemove(connection, out _);
    }

    private static async Task PumpAsync(Socket from, Socket to, RelayDirection direction, Relayed connection)
    {
        var buffer = new byte[ChunkSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, connection.Closing).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await direction.BeforeChunkAsync(read, connection.Closing).ConfigureAwait(false);
                var written = 0;
                while (written < read)
                {
                    written += await to.SendAsync(buffer.AsMemory(written, read - written), SocketFlags.None, connection.Closing).ConfigureAwait(false);
                }

                direction.Count(read);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut, or one peer went away: the other side is closed below.
        }

        // One side ended: end the whole connection, as the far peer would see a dead link end.
        connection.Close(reset: false);
    }

    /// <summary>One relayed connection: the accepted socket and the one to the target.</summary>
    private sealed class Relayed(Socket client, Socket server)
    {
        private readonly CancellationTokenSource _closing = new();
        private int _closed;

        public CancellationToken Closing => _closing.Token;

        public void Close(bool reset)
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }

            foreach (var socket in new[] { client, server })
            {
                try
                {
                    if (reset)
                    {
                        socket.LingerState = new LingerOption(true, 0);
                    }
                    else
                    {
                        socket.Shutdown(SocketShutdown.Both);
                    }
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Already gone.
                }

                socket.Dispose();
            }

            _closing.Cancel();
        }
    }
}
