namespace RuntimeActors;

/// <summary>
/// A ZAP handler's answer (RFC 27). 200 lets the handshake proceed; 300 (a temporary failure) closes the connection
/// quietly; 400 and 500 send the peer an ERROR with the status code first. The user id and metadata become properties
/// of the messages received from that peer (<see cref="ZMessage.UserId"/>, <see cref="ZMessage.GetProperty"/>).
/// </summary>
/// <param name="StatusCode">200, 300, 400 or 500.</param>
/// <param name="StatusText">Why, for logs and the failure's message.</param>
/// <param name="UserId">The authenticated identity, for received messages' User-Id property.</param>
/// <param name="Metadata">Further properties for received messages; null for none.</param>
public sealed record ZapReply(int StatusCode, string StatusText = "", string UserId = "", IReadOnlyDictionary<string, string>? Metadata = null)
{
    /// <summary>The peer may proceed, known as <paramref name="userId"/>.</summary>
    public static ZapReply Allow(string userId = "") => new(200, "OK", userId);

    /// <summary>The peer is refused (400); it gets an ERROR and the connection closes.</summary>
    public static ZapReply Deny(string statusText = "Access denied") => new(400, statusText);

    /// <summary>The handler cannot decide now (300); the connection closes without an ERROR and the peer may retry.</summary>
    public static ZapReply TemporaryFailure(string statusText = "Try again") => new(300, statusText);

    /// <summary>Whether the handshake proceeds.</summary>
    public bool IsAllowed => StatusCode == 200;
}
