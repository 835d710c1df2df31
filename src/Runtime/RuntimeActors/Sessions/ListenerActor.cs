using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using RuntimeActors.Logging;
using RuntimeActors.Monitoring;
using RuntimeActors.Sockets;
using RuntimeActors.Transports;

namespace RuntimeActors.Sessions;

/// <summary>
/// The endpoint actor of one bind: it accepts connections and gives each its own session, which it
/// supervises with Stop (an accepted connection that fails is simply gone). Stopping it (unbind or close)
/// releases the address and closes the connections it accepted.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor disposes what it owns in PostStop, the end of its life.")]
internal sealed class ListenerActor : ActorBase, IWithTimers
{
    private readonly SocketContext _socket;
    private readonly ITransportListener _listener;
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly object RetryAcceptKey = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _log = new AkkaLogger(Context.GetLogger());

    public ListenerActor(SocketContext socket, ITransportListener listener)
    {
        _socket = socket;
        _listener = listener;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    // An accepted session that fails is simply gone: a connecting peer reconnects by itself.
    public static Props Props(SocketContext socket, ITransportListener listener) =>
        socket.WithDispatcher(Akka.Actor.Props.Create<ListenerActor>(socket, listener)).WithSupervisorStrategy(Akka.Actor.SupervisorStrategy.StoppingStrategy);

    protected override void PreStart() => AcceptNext();

    protected override void PostStop()
    {
        _stopping.Cancel();
        try
        {
            // Waited for here so that the address is free once the socket reports the unbind or close; listeners
            // release synchronously (close a socket, unlink a path).
            _listener.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException or ZmqException)
        {
            _log.LogListenerDisposeFailed(_listener.Endpoint, e);
        }

        _stopping.Dispose();
        _socket.Publish(SocketEventKind.Closed, _listener.Endpoint);
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case ITransportConnection connection:
                _socket.Publish(SocketEventKind.Accepted, _listener.Endpoint);
                Context.ActorOf(SessionActor.Accepted(_socket, _listener.Endpoint, connection));
                AcceptNext();
                return true;
            case Status.Failure { Cause: OperationCanceledException }:
                return true;
            case Status.Failure failure:
                // An accept error (e.g. out of descriptors) must not end the bind: log it and accept again after a
                // pause, so that a lasting error does not spin.
                _log.LogAcceptFailed(_listener.Endpoint, failure.Cause);
                Timers.StartSingleTimer(RetryAcceptKey, RetryAccept.Instance, AcceptRetryDelay);
                return true;
            case RetryAccept:
                AcceptNext();
                return true;
            default:
                return false;
        }
    }

    private sealed class RetryAccept
    {
        public static RetryAccept Instance { get; } = new();
    }

    private void AcceptNext() =>
        _listener.AcceptAsync(_stopping.Token).PipeTo(Self);
}
