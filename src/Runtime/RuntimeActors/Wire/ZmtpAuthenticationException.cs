namespace RuntimeActors.Wire;

/// <summary>
/// Thrown when authentication refused a handshake: our ZAP handler refused the peer, or the peer's server refused us
/// with a ZAP status code in its ERROR. The connection ends; a connecting socket retries as libzmq does.
/// </summary>
public sealed class ZmtpAuthenticationException : Exception
{
    /// <summary>Creates the exception for a refusal with the given ZAP status code.</summary>
    /// <param name="statusCode">300, 400 or 500.</param>
    /// <param name="message">Who refused whom, and the status text.</param>
    public ZmtpAuthenticationException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The ZAP status code: 300 (temporary), 400 (refused) or 500 (the handler failed).</summary>
    public int StatusCode { get; }
}
