using RuntimeActors.Errors;

namespace RuntimeActors;

/// <summary>
/// A failed socket operation: an error code as in the ZeroMQ manuals and a message that names the endpoint
/// (when there is one) and what was wrong, e.g. <c>EINVAL: tcp://localhost:port: the port 'port' is not a number</c>.
/// </summary>
public sealed class ZmqException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ZmqException()
        : this(ZmqError.InvalidArgument, null, "The operation failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ZmqException(string message)
        : this(ZmqError.InvalidArgument, null, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ZmqException(string message, Exception inner)
        : this(ZmqError.InvalidArgument, null, message, inner)
    {
    }

    /// <summary>Creates the exception for <paramref name="endpoint"/>.</summary>
    /// <param name="error">The error code.</param>
    /// <param name="endpoint">The endpoint concerned, or null.</param>
    /// <param name="reason">What was wrong.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public ZmqException(ZmqError error, string? endpoint, string reason, Exception? inner = null)
        : base(Format(error, endpoint, reason), inner)
    {
        Error = error;
        Endpoint = endpoint;
        Reason = reason;
    }

    /// <summary>The error code.</summary>
    public ZmqError Error { get; }

    /// <summary>The errno name of <see cref="Error"/>, e.g. <c>EADDRINUSE</c>.</summary>
    public string ErrorName => ZmqErrorNames.Of(Error);

    /// <summary>The endpoint concerned, or null.</summary>
    public string? Endpoint { get; }

    /// <summary>What was wrong, without the code and endpoint.</summary>
    public string Reason { get; }

    private static string Format(ZmqError error, string? endpoint, string reason) =>
        endpoint is null ? $"{ZmqErrorNames.Of(error)}: {reason}" : $"{ZmqErrorNames.Of(error)}: {endpoint}: {reason}";
}
