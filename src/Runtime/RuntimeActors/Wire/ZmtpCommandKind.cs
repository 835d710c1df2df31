namespace RuntimeActors.Wire;

/// <summary>The commands RFC 37 defines, and <see cref="Unknown"/> for every other name.</summary>
internal enum ZmtpCommandKind
{
    /// <summary>A command this codec does not know; RFC 37 says to ignore it (mechanisms may define their own).</summary>
    Unknown,

    /// <summary>READY: ends the NULL handshake and carries the sender's metadata.</summary>
    Ready,

    /// <summary>ERROR: a fatal handshake failure with a reason to log.</summary>
    Error,

    /// <summary>SUBSCRIBE (ZMTP 3.1): the data is the subscription topic.</summary>
    Subscribe,

    /// <summary>CANCEL (ZMTP 3.1): the data is the topic of the subscription to cancel.</summary>
    Cancel,

    /// <summary>PING: a heartbeat request with a TTL and up to 16 bytes of context.</summary>
    Ping,

    /// <summary>PONG: a heartbeat reply echoing the PING's context.</summary>
    Pong,
}
