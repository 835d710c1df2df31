using System.Collections.Concurrent;
using System.Text;
using NetMQ;
using Xunit.Sdk;

namespace RuntimeActors.Interop.Tests.NetMQ;

/// <summary>
/// A NetMQ socket and the one thread that uses it. NetMQ sockets are not thread-safe and an awaiting test goes on
/// on any thread, so the socket is made, linked, used and disposed by steps queued to a thread of its own, and the
/// test awaits each step. A receive blocks that thread (not the test's) for at most its timeout.
/// </summary>
public sealed class NetMQPeer<TSocket> : IAsyncDisposable
    where TSocket : NetMQSocket
{
    private const string Loopback = "tcp://127.0.0.1";
    private readonly BlockingCollection<Action> _steps = [];
    private TSocket? _socket;

    /// <summary>Makes the socket on its thread, with no linger: every test checks delivery itself, and disposal must not wait for a peer that is gone.</summary>
    public NetMQPeer(Func<TSocket> create)
    {
        new Thread(Run) { IsBackground = true, Name = $"NetMQ {Type}" }.Start();
        Started = RunAsync(_ =>
        {
            _socket = create();
            _socket.Options.Linger = TimeSpan.Zero;
        });
    }

    /// <summary>The NetMQ socket type, for failure messages.</summary>
    public string Type => typeof(TSocket).Name;

    /// <summary>Completes when the socket is made.</summary>
    public Task Started { get; }

    /// <summary>Runs <paramref name="step"/> on the socket's thread.</summary>
    public Task<T> RunAsync<T>(Func<TSocket, T> step)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _steps.Add(() =>
        {
            try
            {
                done.SetResult(step(_socket!));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    /// <inheritdoc cref="RunAsync{T}(Func{TSocket, T})"/>
    public Task RunAsync(Action<TSocket> step) => RunAsync(socket =>
    {
        step(socket);
        return true;
    });

    /// <summary>Binds a free loopback port and returns the endpoint to connect to.</summary>
    public Task<string> BindAsync() => RunAsync(socket => $"{Loopback}:{socket.BindRandomPort(Loopback)}");

    public Task ConnectAsync(string endpoint) => RunAsync(socket => socket.Connect(endpoint));

    public Task SendAsync(params string[] frames) => SendAsync(frames.Select(Encoding.UTF8.GetBytes).ToArray());

    /// <summary>Sends one message of <paramref name="frames"/>, failing the test if NetMQ cannot within the patience.</summary>
    public async Task SendAsync(params byte[][] frames)
    {
        if (!await RunAsync(socket => socket.TrySendMultipartMessage(ZmqPeer.Patience, new NetMQMessage(frames))))
        {
            throw new XunitException($"The NetMQ {Type} could not send a message of {frames.Length} frames within {ZmqPeer.Patience.TotalSeconds:0} s.");
        }
    }

    /// <summary>The frames of the next message if one comes within <paramref name="timeout"/>, else null; for warm-up loops.</summary>
    public Task<byte[][]?> TryReceiveAsync(TimeSpan timeout) => RunAsync(socket =>
    {
        NetMQMessage? message = null;
        return socket.TryReceiveMultipartMessage(timeout, ref message) ? message.Select(frame => frame.ToByteArray()).ToArray() : null;
    });

    public async Task<byte[][]> ReceiveAsync() =>
        await TryReceiveAsync(ZmqPeer.Patience) ?? throw new XunitException($"The NetMQ {Type} received nothing within {ZmqPeer.Patience.TotalSeconds:0} s.");

    public async Task<string[]> ReceiveStringsAsync() => [.. (await ReceiveAsync()).Select(Encoding.UTF8.GetString)];

    /// <summary>
    /// Has the socket take in what NetMQ's I/O thread handed it. As in libzmq, a socket attaches a connection accepted
    /// on a bound endpoint only when its user calls into it with a send, a receive or a poll; a subscribe does not,
    /// so a bound SUB that is only subscribing never sends its subscriptions to a new peer.
    /// </summary>
    public Task TakeInAsync() => RunAsync(socket => socket.HasIn);

    /// <summary>Disposes the socket on its thread, then lets the thread end.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(socket => socket?.Dispose());
        }
        finally
        {
            _steps.CompleteAdding();
        }
    }

    private void Run()
    {
        foreach (var step in _steps.GetConsumingEnumerable())
        {
            step();
        }
    }
}
