using System.Threading.Channels;

namespace RuntimeActors.Transports.Inproc;

/// <summary>
/// A bound inproc name. Connections are queued for the binding socket to accept; disposing the listener frees
/// the name and closes every connection it accepted, which disconnects the peers (zmq_unbind(3)).
/// </summary>
internal sealed class InprocListener : ITransportListener
{
    private readonly InprocTransport _transport;
    private readonly Channel<InprocConnection> _pending = Channel.CreateUnbounded<InprocConnection>();
    private readonly List<InprocConnection> _accepted = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    public InprocListener(InprocTransport transport, string name)
    {
        _transport = transport;
        Name = name;
        Endpoint = $"{InprocTransport.TransportName}://{name}";
    }

    public string Name { get; }

    public string Endpoint { get; }

    public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _pending.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new OperationCanceledException($"The inproc listener {Endpoint} is closed.", e);
        }
    }

    /// <summary>Hands the bound end of a new connection to the binder; false once the listener is closed.</summary>
    public bool Offer(InprocConnection bound)
    {
        lock (_gate)
        {
            if (_disposed || !_pending.Writer.TryWrite(bound))
            {
                return false;
            }

            _accepted.Add(bound);
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        InprocConnection[] accepted;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            accepted = [.. _accepted];
            _pending.Writer.TryComplete();
        }

        _transport.Release(this);
        foreach (var connection in accepted)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
