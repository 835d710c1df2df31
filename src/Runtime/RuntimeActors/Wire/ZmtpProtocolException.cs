namespace RuntimeActors.Wire;

/// <summary>
/// Thrown when a peer breaks the ZMTP protocol. The connection it came from cannot continue.
/// </summary>
public sealed class ZmtpProtocolException : Exception
{
    /// <summary>Creates an exception for a protocol fault of the given kind.</summary>
    /// <param name="error">The kind of fault.</param>
    /// <param name="message">What the peer did wrong, with the offending values.</param>
    public ZmtpProtocolException(ZmtpError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>The kind of fault, for callers that react differently to each.</summary>
    public ZmtpError Error { get; }
}
