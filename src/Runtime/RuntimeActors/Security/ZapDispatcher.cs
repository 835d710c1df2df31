using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Akka.Actor;
using Akka.Event;
using RuntimeActors.Wire;

namespace RuntimeActors.Security;

/// <summary>
/// A runtime's way to ZAP (libzmq's context-wide handler): the handler given to
/// <see cref="SocketRuntime.UseZapHandler(ZapHandler)"/> if there is one, else a handler socket bound to
/// <c>inproc://zeromq.zap.01</c> in this runtime, asked through a DEALER as libzmq's sessions ask it, else none.
/// </summary>
internal sealed class ZapDispatcher : IZapClient, IAsyncDisposable
{
    /// <summary>libzmq's well-known endpoint of a context's ZAP handler.</summary>
    public const string InprocEndpoint = "inproc://zeromq.zap.01";

    private readonly SocketRuntime _runtime;
    private readonly ILoggingAdapter _log;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ZapReply>> _waiting = new(StringComparer.Ordinal);
    private volatile ZapHandler? _handler;
    private ZSocket? _dealer;
    private CancellationTokenSource? _receiving;

    public ZapDispatcher(SocketRuntime runtime, ILoggingAdapter log)
    {
        _runtime = runtime;
        _log = log;
    }

    /// <summary>Installs the runtime's handler; one at a time, as libzmq allows one bind of its endpoint.</summary>
    /// <returns>Uninstalls it.</returns>
    public IDisposable Install(ZapHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Interlocked.CompareExchange(ref _handler, handler, null) is not null)
        {
            throw new InvalidOperationException("This runtime already has a ZAP handler; dispose the one UseZapHandler returned first.");
        }

        return new Uninstall(this, handler);
    }

    /// <inheritdoc />
    public async ValueTask<ZapReply?> AuthenticateAsync(ZapRequest request, CancellationToken cancellationToken)
    {
        if (_handler is { } handler)
        {
            try
            {
                return await handler(request, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                // RFC 27's 500: the handler failed. The peer is refused, and the failure is logged, never swallowed.
                _log.Error(e, "The ZAP handler failed on {0}; the peer is refused with 500", request);
                return new ZapReply(500, $"the ZAP handler failed: {e.Message}");
            }
        }

        var dealer = await InprocHandlerAsync(cancellationToken).ConfigureAwait(false);
        return dealer is null ? null : await AskInprocAsync(dealer, request, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _receiving?.Cancel();
        if (_dealer is { } dealer)
        {
            await dealer.DisposeAsync().ConfigureAwait(false);
        }

        _receiving?.Dispose();
        _connecting.Dispose();
    }

    private async ValueTask<ZSocket?> InprocHandlerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _dealer) is { } connected)
        {
            return connected;
        }

        if (!_runtime.IsBoundLocally(InprocEndpoint))
        {
            return null;
        }

        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_dealer is not null)
            {
                return _dealer;
            }

            var options = _runtime.CreateOptions();
            options.SendHighWaterMark = 0;
            options.ReceiveHighWaterMark = 0;
            options.Linger = TimeSpan.Zero;
            var dealer = _runtime.CreateSocket(SocketType.Dealer, options);
            try
            {
                await dealer.ConnectAsync(InprocEndpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (ZmqException e) when (e.Error == ZmqError.ConnectionRefused)
            {
                // Nothing bound there: no handler, as libzmq's zap_connect finds.
                await dealer.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            _receiving = new CancellationTokenSource();
            _ = ReceiveRepliesAsync(dealer, _receiving.Token);
            Volatile.Write(ref _dealer, dealer);
            return dealer;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private async ValueTask<ZapReply> AskInprocAsync(ZSocket dealer, ZapRequest request, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<ZapReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[request.RequestId] = reply;
        try
        {
            // The empty delimiter makes a REP handler's envelope; a ROUTER handler sees it after our routing id.
            var message = new ZMessage()
                .Append(ReadOnlyMemory<byte>.Empty)
                .Append(ZapRequest.Version)
                .Append(request.RequestId)
                .Append(request.Domain)
                .Append(request.Address)
                .Append(request.RoutingId)
                .Append(request.Mechanism);
            foreach (var credential in request.Credentials)
            {
                message.Append(credential);
            }

            await dealer.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _waiting.TryRemove(request.RequestId, out _);
        }
    }

    private async Task ReceiveRepliesAsync(ZSocket dealer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in dealer.ReceiveAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!TryParseReply(message, out var requestId, out var reply, out var failure))
                {
                    // The handshake it answers fails with libzmq's ZAP_* code; one it cannot name times out.
                    _log.Warning("A ZAP reply from {0} is malformed ({1}): {2}", InprocEndpoint, failure.Message, message);
                    if (requestId.Length > 0 && _waiting.TryGetValue(requestId, out var failed))
                    {
                        failed.TrySetException(failure);
                    }

                    continue;
                }

                if (_waiting.TryGetValue(requestId, out var waiting))
                {
                    waiting.TrySetResult(reply);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _log.Error(e, "Receiving ZAP replies from {0} failed", InprocEndpoint);
        }
    }

    /// <summary>Reads RFC 27's reply: empty delimiter, version, request id, status code, status text, user id, metadata.</summary>
    /// <param name="message">The reply as the DEALER received it.</param>
    /// <param name="requestId">The request id, when the reply got that far; empty otherwise.</param>
    /// <param name="reply">The reply, when it is well formed.</param>
    /// <param name="failure">Why it is not, with libzmq's ZMQ_PROTOCOL_ERROR_ZAP_* code.</param>
    internal static bool TryParseReply(ZMessage message, out string requestId, out ZapReply reply, out ZmtpProtocolException failure)
    {
        requestId = message.Count >= 3 ? message.GetString(2) : "";
        reply = ZapReply.Deny();
        failure = null!;
        if (message.Count != 7 || !message[0].IsEmpty)
        {
            failure = Malformed(ZmqProtocolError.ZapMalformedReply, $"{message.Count} frames; a ZAP reply has an empty delimiter and 6 frames");
            return false;
        }

        if (message.GetString(1) != ZapRequest.Version)
        {
            failure = Malformed(ZmqProtocolError.ZapBadVersion, $"ZAP version \"{message.GetString(1)}\"; expected {ZapRequest.Version}");
            return false;
        }

        if (!int.TryParse(message.GetString(3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || message[3].Length != 3)
        {
            failure = Malformed(ZmqProtocolError.ZapInvalidStatusCode, $"ZAP status code \"{message.GetString(3)}\" is not one of 200, 300, 400, 500");
            return false;
        }

        Dictionary<string, string>? metadata = null;
        if (!message[6].IsEmpty)
        {
            try
            {
                metadata = [];
                foreach (var property in ZmtpMetadata.Parse(message[6].Span).Properties)
                {
                    metadata[property.Name] = Encoding.UTF8.GetString(property.Value.Span);
                }
            }
            catch (ZmtpProtocolException e)
            {
                failure = Malformed(ZmqProtocolError.ZapInvalidMetadata, $"ZAP metadata: {e.Message}");
                return false;
            }
        }

        reply = new ZapReply(status, message.GetString(4), message.GetString(5), metadata);
        return true;
    }

    private static ZmtpProtocolException Malformed(ZmqProtocolError code, string message) =>
        new(ZmtpError.ZapFailure, code, $"the ZAP handler at {InprocEndpoint} replied with {message}");

    private sealed class Uninstall(ZapDispatcher dispatcher, ZapHandler handler) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref dispatcher._handler, null, handler);
    }
}
