namespace RuntimeActors.Transports;

/// <summary>A bound address that accepts connections; disposing it stops listening and releases the address.</summary>
public interface ITransportListener : IAsyncDisposable
{
    /// <summary>The real endpoint after wildcards were resolved, e.g. <c>tcp://0.0.0.0:49152</c> (ZMQ_LAST_ENDPOINT).</summary>
    string Endpoint { get; }

    /// <summary>Waits for the next connection.</summary>
    /// <exception cref="OperationCanceledException">The listener was disposed or the token cancelled.</exception>
    ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken);
}
