namespace RuntimeActors.Sessions;

/// <summary>A connection of a connecting socket ended; its supervisor reconnects after the reconnect interval.</summary>
internal sealed class SessionEndedException : Exception
{
    public SessionEndedException()
    {
    }

    public SessionEndedException(string message)
        : base(message)
    {
    }

    public SessionEndedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SessionEndedException(string endpoint, string reason, Exception? inner)
        : base($"{endpoint}: {reason}", inner)
    {
    }

    /// <summary>Whether the connection had completed its handshake (as opposed to failing to get there).</summary>
    public bool WasEstablished { get; init; }
}
