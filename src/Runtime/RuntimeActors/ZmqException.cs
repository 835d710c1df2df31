using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Util;
using RuntimeActors.Errors;

namespace RuntimeActors;

/// <summary>
/// A failed socket operation: an error code as in the ZeroMQ manuals and a message that names the endpoint
/// (when there is one) and what was wrong, e.g. <c>EINVAL: tcp://localhost:port: the port 'port' is not a number</c>.
/// </summary>
/// <remarks>
/// It keeps its code, endpoint and reason across nodes: Hyperion writes it through a surrogate (inside a
/// <see cref="SocketEvent"/>), and Akka.Remote's exception support (a <see cref="Status.Failure"/>) and JSON through
/// its serialization constructor.
/// </remarks>
[Serializable]
public sealed class ZmqException : Exception, ISurrogated
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

#pragma warning disable SYSLIB0051 // Akka.Remote's exception support still reads exceptions through ISerializable.
    private ZmqException(SerializationInfo info, StreamingContext context)
        : base(info, context)
    {
        Error = (ZmqError)info.GetInt32(nameof(Error));
        Endpoint = info.GetString(nameof(Endpoint));
        Reason = info.GetString(nameof(Reason)) ?? "";
    }
#pragma warning restore SYSLIB0051

    /// <summary>The error code.</summary>
    public ZmqError Error { get; }

    /// <summary>The errno name of <see cref="Error"/>, e.g. <c>EADDRINUSE</c>.</summary>
    public string ErrorName => ZmqErrorNames.Of(Error);

    /// <summary>The endpoint concerned, or null.</summary>
    public string? Endpoint { get; }

    /// <summary>What was wrong, without the code and endpoint.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    /// <remarks>On another node, the stack trace of where the exception was thrown.</remarks>
    public override string? StackTrace => base.StackTrace ?? RemoteStackTrace;

    // Hyperion restores only what its surrogate carries, the stack trace as text among it.
    private string? RemoteStackTrace { get; init; }

    /// <inheritdoc />
    [Obsolete("Formatter-based serialization is obsolete; Akka.Remote's exception support still calls it.", DiagnosticId = "SYSLIB0051")]
    public override void GetObjectData(SerializationInfo info, StreamingContext context)
    {
        base.GetObjectData(info, context);
        info.AddValue(nameof(Error), (int)Error);
        info.AddValue(nameof(Endpoint), Endpoint);
        info.AddValue(nameof(Reason), Reason);
    }

    ISurrogate ISurrogated.ToSurrogate(ActorSystem system) => new Surrogate
    {
        Error = Error,
        Endpoint = Endpoint,
        Reason = Reason,
        StackTrace = StackTrace,
        Inner = InnerException,
    };

    private static string Format(ZmqError error, string? endpoint, string reason) =>
        endpoint is null ? $"{ZmqErrorNames.Of(error)}: {reason}" : $"{ZmqErrorNames.Of(error)}: {endpoint}: {reason}";

    /// <summary>What Hyperion writes of a <see cref="ZmqException"/>: its code, endpoint and reason, and the stack trace as text.</summary>
    internal sealed class Surrogate : ISurrogate
    {
        public ZmqError Error { get; init; }

        public string? Endpoint { get; init; }

        public string Reason { get; init; } = "";

        public string? StackTrace { get; init; }

        public Exception? Inner { get; init; }

        public ISurrogated FromSurrogate(ActorSystem system) => new ZmqException(Error, Endpoint, Reason, Inner) { RemoteStackTrace = StackTrace };
    }
}
