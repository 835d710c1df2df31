using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;

namespace RuntimeActors.TestKit;

/// <summary>
/// A scripted raw ZMTP peer for protocol tests: it connects to (or is accepted by) a ZeroMQ-speaking socket over tcp or
/// ipc and writes exactly the greeting, frames, commands or raw bytes a test asks for, so that a test can also send what
/// no well-behaved library would (a bad greeting, a wrong mechanism, an oversized frame). Every expectation waits at most
/// <see cref="Timeout"/> and fails with a <see cref="TimeoutException"/> saying what did not come.
/// </summary>
/// <example>
/// <code>
/// await using var peer = await ZmtpTestPeer.ConnectAsync(endpoint);
/// await peer.HandshakeAsync("PUSH");
/// await peer.SendMessageAsync("hello", "world");
/// </code>
/// </example>
public sealed class ZmtpTestPeer : IAsyncDisposable
{
    private readonly Stream _stream;

    private ZmtpTestPeer(Stream stream, string name)
    {
        _stream = stream;
        Name = name;
    }

    /// <summary>How long an expectation or a send waits unless told otherwise: 10 s times <see cref="Patience.TimeFactor"/>.</summary>
    public static TimeSpan DefaultTimeout { get; } = Patience.Dilated(TimeSpan.FromSeconds(10));

    /// <summary>How long each expectation or send of this peer waits before failing.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>What the peer is connected to, for failure messages.</summary>
    public string Name { get; }

    /// <summary>Connects to <paramref name="endpoint"/> (<c>tcp://host:port</c> or <c>ipc://path</c>).</summary>
    /// <exception cref="TimeoutException">The connection was not made within <see cref="DefaultTimeout"/>.</exception>
    public static async Task<ZmtpTestPeer> ConnectAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        var address = await ZmtpTestEndpoint.ResolveAsync(endpoint, forBind: false, cancellationToken).ConfigureAwait(false);
        var socket = ZmtpTestEndpoint.NewSocket(address);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(DefaultTimeout);
            try
            {
                await socket.ConnectAsync(address, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"ZmtpTestPeer could not connect to {endpoint} within {DefaultTimeout.TotalSeconds:0.#} s.");
            }

            return Over(socket, endpoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Listens on <paramref name="endpoint"/> for the socket under test to connect; accept it with <see cref="ZmtpTestListener.AcceptAsync"/>.</summary>
    /// <param name="endpoint"><c>tcp://127.0.0.1:*</c> (a free port), <c>tcp://host:port</c> or <c>ipc://path</c>.</param>
    /// <param name="cancellationToken">Cancels the name lookup.</param>
    public static Task<ZmtpTestListener> BindAsync(string endpoint, CancellationToken cancellationToken = default) =>
        ZmtpTestListener.BindAsync(endpoint, cancellationToken);

    /// <summary>A peer over an already connected stream (an in-memory transport, say); disposing the peer disposes it.</summary>
    public static ZmtpTestPeer Attach(Stream stream, string name = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new ZmtpTestPeer(stream, name);
    }

    /// <summary>A peer over one end of an in-memory duplex pipe; disposing the peer completes both halves.</summary>
    public static ZmtpTestPeer Attach(IDuplexPipe pipe, string name = "pipe")
    {
        ArgumentNullException.ThrowIfNull(pipe);
        return new ZmtpTestPeer(new DuplexPipeStream(pipe), name);
    }

    internal static ZmtpTestPeer Over(Socket socket, string name) => new(new NetworkStream(socket, ownsSocket: true), name);

    /// <summary>Sends a greeting (see <see cref="ZmtpTestFrames.Greeting"/>).</summary>
    public Task SendGreetingAsync(byte major = 3, byte minor = 1, string mechanism = ZmtpTestFrames.NullMechanism, bool asServer = false, CancellationToken cancellationToken = default) =>
        SendRawAsync(ZmtpTestFrames.Greeting(major, minor, mechanism, asServer), cancellationToken);

    /// <summary>Receives the other side's 64-byte greeting.</summary>
    /// <exception cref="InvalidDataException">The 64 bytes do not start with the ZMTP signature.</exception>
    public async Task<ZmtpTestGreeting> ExpectGreetingAsync(CancellationToken cancellationToken = default)
    {
        var bytes = await ExpectRawAsync(ZmtpTestFrames.GreetingLength, "a greeting", cancellationToken).ConfigureAwait(false);
        return ParseGreeting(bytes) ?? throw new InvalidDataException($"ZmtpTestPeer {Name}: expected a ZMTP greeting, got {Convert.ToHexString(bytes)}.");
    }

    /// <summary>Sends READY with <c>Socket-Type</c> and then <paramref name="properties"/>.</summary>
    public Task SendReadyAsync(string socketType, IEnumerable<KeyValuePair<string, byte[]>>? properties = null, CancellationToken cancellationToken = default) =>
        SendRawAsync(ZmtpTestFrames.Ready(socketType, properties), cancellationToken);

    /// <summary>Receives a READY command and returns its metadata (names compare case-insensitively).</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> ExpectReadyAsync(CancellationToken cancellationToken = default)
    {
        var data = await ExpectCommandAsync("READY", cancellationToken).ConfigureAwait(false);
        return ZmtpTestFrames.ParseProperties(data);
    }

    /// <summary>
    /// The whole NULL handshake as <paramref name="socketType"/>: sends greeting and READY, then expects the other side's
    /// ZMTP 3 NULL greeting and READY, whose metadata it returns.
    /// </summary>
    /// <exception cref="InvalidDataException">The other side's greeting is not ZMTP 3 with NULL.</exception>
    public async Task<IReadOnlyDictionary<string, byte[]>> HandshakeAsync(string socketType, CancellationToken cancellationToken = default)
    {
        byte[] greetingAndReady = [.. ZmtpTestFrames.Greeting(), .. ZmtpTestFrames.Ready(socketType)];
        await SendRawAsync(greetingAndReady, cancellationToken).ConfigureAwait(false);
        var greeting = await ExpectGreetingAsync(cancellationToken).ConfigureAwait(false);
        if (greeting.Major != 3 || greeting.Mechanism != ZmtpTestFrames.NullMechanism)
        {
            throw new InvalidDataException($"ZmtpTestPeer {Name}: expected a ZMTP 3 NULL greeting, got {greeting}.");
        }

        return await ExpectReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one frame.</summary>
    public Task SendFrameAsync(byte[] body, bool more = false, bool command = false, CancellationToken cancellationToken = default) =>
        SendRawAsync(ZmtpTestFrames.Frame(body, more, command), cancellationToken);

    /// <summary>Sends a message of UTF-8 text frames in one write.</summary>
    public Task SendMessageAsync(params string[] frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return SendMessageAsync([.. frames.Select(Encoding.UTF8.GetBytes)]);
    }

    /// <summary>Sends a message of binary frames in one write.</summary>
    public Task SendMessageAsync(IReadOnlyList<byte[]> frames, CancellationToken cancellationToken = default) =>
        SendRawAsync(ZmtpTestFrames.Message(frames), cancellationToken);

    /// <summary>Sends a command frame: name, then <paramref name="data"/>.</summary>
    public Task SendCommandAsync(string name, byte[]? data = null, CancellationToken cancellationToken = default) =>
        SendRawAsync(ZmtpTestFrames.Command(name, data), cancellationToken);

    /// <summary>Writes <paramref name="bytes"/> as they are (for malformed input) and flushes.</summary>
    /// <exception cref="TimeoutException">The other side did not take the bytes within <see cref="Timeout"/>.</exception>
    public async Task SendRawAsync(byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var deadline = Deadline(cancellationToken);
        try
        {
            await _stream.WriteAsync(bytes, deadline.Token).ConfigureAwait(false);
            await _stream.FlushAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"ZmtpTestPeer {Name}: the other side did not take {bytes.Length} bytes within {Timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Receives exactly <paramref name="count"/> bytes.</summary>
    /// <exception cref="EndOfStreamException">The other side closed the connection first.</exception>
    /// <exception cref="TimeoutException">They did not all come within <see cref="Timeout"/>.</exception>
    public Task<byte[]> ExpectRawAsync(int count, CancellationToken cancellationToken = default) =>
        ExpectRawAsync(count, $"{count} bytes", cancellationToken);

    /// <summary>Receives one frame, message or command.</summary>
    public async Task<ZmtpTestFrame> ExpectFrameAsync(CancellationToken cancellationToken = default)
    {
        var head = await ExpectRawAsync(2, "a frame header", cancellationToken).ConfigureAwait(false);
        long size = head[1];
        if ((head[0] & ZmtpTestFrames.LongFlag) != 0)
        {
            var rest = await ExpectRawAsync(7, "the long size of a frame", cancellationToken).ConfigureAwait(false);
            size = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian([head[1], .. rest]);
        }

        if (size < 0 || size > Array.MaxLength)
        {
            throw new InvalidDataException($"ZmtpTestPeer {Name}: a frame of {size} bytes is more than a test peer reads.");
        }

        var body = await ExpectRawAsync((int)size, $"a frame body of {size} bytes", cancellationToken).ConfigureAwait(false);
        return new ZmtpTestFrame(head[0], body);
    }

    /// <summary>Receives the frames of one message, up to the one without MORE.</summary>
    /// <exception cref="InvalidDataException">A command came instead.</exception>
    public async Task<IReadOnlyList<byte[]>> ExpectMessageAsync(CancellationToken cancellationToken = default)
    {
        var frames = new List<byte[]>();
        while (true)
        {
            var frame = await ExpectFrameAsync(cancellationToken).ConfigureAwait(false);
            if (frame.IsCommand)
            {
                throw new InvalidDataException($"ZmtpTestPeer {Name}: expected a message frame, got {frame}.");
            }

            frames.Add(frame.Body);
            if (!frame.More)
            {
                return frames;
            }
        }
    }

    /// <summary>Receives a command named <paramref name="name"/> and returns its data (what follows the name).</summary>
    /// <exception cref="InvalidDataException">Another frame came instead.</exception>
    public async Task<byte[]> ExpectCommandAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var frame = await ExpectFrameAsync(cancellationToken).ConfigureAwait(false);
        if (frame.CommandName != name)
        {
            throw new InvalidDataException($"ZmtpTestPeer {Name}: expected the command {name}, got {frame}.");
        }

        return frame.Body[(1 + frame.Body[0])..];
    }

    /// <summary>
    /// Waits until the other side closes the connection (or resets it) and returns what it sent before (an ERROR
    /// command, say).
    /// </summary>
    /// <exception cref="TimeoutException">The connection is still open after <see cref="Timeout"/>.</exception>
    public async Task<byte[]> ExpectDisconnectedAsync(CancellationToken cancellationToken = default)
    {
        using var deadline = Deadline(cancellationToken);
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, deadline.Token).ConfigureAwait(false)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException e) when (IsReset(e))
        {
            // A reset is a disconnection too.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"ZmtpTestPeer {Name}: the other side did not close the connection within {Timeout.TotalSeconds:0.#} s; meanwhile it sent {Describe(received.ToArray())}.");
        }

        return received.ToArray();
    }

    /// <summary>Closes the connection.</summary>
    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    /// <summary>The greeting in <paramref name="bytes"/>, or <see langword="null"/> without the ZMTP signature.</summary>
    internal static ZmtpTestGreeting? ParseGreeting(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < ZmtpTestFrames.GreetingLength || bytes[0] != 0xFF || bytes[9] != 0x7F)
        {
            return null;
        }

        var mechanism = bytes.Slice(12, 20);
        var end = mechanism.IndexOf((byte)0);
        return new ZmtpTestGreeting(bytes[10], bytes[11], Encoding.ASCII.GetString(end < 0 ? mechanism : mechanism[..end]), bytes[32] != 0);
    }

    private static bool IsReset(IOException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown };

    private static string Describe(byte[] bytes) =>
        bytes.Length == 0 ? "nothing" : $"{bytes.Length} bytes: {Convert.ToHexString(bytes, 0, Math.Min(bytes.Length, 64))}{(bytes.Length > 64 ? "…" : "")}";

    private async Task<byte[]> ExpectRawAsync(int count, string what, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var buffer = new byte[count];
        var filled = 0;
        using var deadline = Deadline(cancellationToken);
        try
        {
            while (filled < count)
            {
                var read = await _stream.ReadAsync(buffer.AsMemory(filled), deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new EndOfStreamException(
                        $"ZmtpTestPeer {Name}: expected {what}; the other side closed the connection after {Describe(buffer[..filled])}.");
                }

                filled += read;
            }
        }
        catch (IOException e) when (IsReset(e))
        {
            throw new EndOfStreamException($"ZmtpTestPeer {Name}: expected {what}; the other side reset the connection after {Describe(buffer[..filled])}.", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"ZmtpTestPeer {Name}: expected {what} within {Timeout.TotalSeconds:0.#} s; got {Describe(buffer[..filled])}.");
        }

        return buffer;
    }

    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        return deadline;
    }
}
