using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RuntimeActors.Engine;
using RuntimeActors.Sockets;
using ZPipe = RuntimeActors.Pipes.Pipe;

namespace RuntimeActors.Tests.Engine;

internal static class EngineTestKit
{
    /// <summary>How long a test waits for an event before failing.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public const string Endpoint = "tcp://127.0.0.1:5555";

    public static ZmtpEngineOptions Options(
        SocketType type,
        string routingId = "",
        long maxMessageSize = -1,
        TimeSpan heartbeatInterval = default,
        TimeSpan heartbeatTtl = default,
        TimeSpan heartbeatTimeout = default,
        TimeSpan handshakeTimeout = default) =>
        new(type, Encoding.ASCII.GetBytes(routingId), maxMessageSize, heartbeatInterval, heartbeatTtl, heartbeatTimeout, handshakeTimeout, AsServer: false);

    public static ZmtpEngine NewEngine(IDuplexPipe transport, ZmtpEngineOptions options, string remote = "127.0.0.1:40000", TimeProvider? time = null) =>
        new(transport, options, Endpoint, remote, time ?? TimeProvider.System, NullLogger.Instance);

    public static ZPipe NewPipe(int sendHighWaterMark = 1000) => new(Endpoint, sendHighWaterMark);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Timeout);

    public static Task Within(this Task task) => task.WaitAsync(Timeout);

    /// <summary>Asserts that <paramref name="task"/> fails with <typeparamref name="T"/> within the timeout.</summary>
    /// <remarks>A task still running at the timeout fails the assertion with a TimeoutException instead.</remarks>
    public static Task<T> FailsWith<T>(this Task task)
        where T : Exception =>
        Assert.ThrowsAsync<T>(() => task.WaitAsync(Timeout));

    public static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    public static byte[] Pattern(int length, int seed = 0)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) + seed);
        }

        return bytes;
    }
}
