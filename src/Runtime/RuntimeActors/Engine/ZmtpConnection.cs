using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace RuntimeActors.Engine;

/// <summary>
/// The byte stream under one ZMTP connection, as the handshake, the decoder and the encoder share it: reads and
/// flushes whose transport failures become <see cref="IOException"/>s naming both ends, the count of bytes written
/// since the last flush, and the close of both halves.
/// </summary>
internal sealed class ZmtpConnection(IDuplexPipe transport, string endpoint, string remoteAddress)
{
    public PipeReader Input { get; } = transport.Input;

    public PipeWriter Output { get; } = transport.Output;

    /// <summary>The bound or connected endpoint the connection belongs to.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>The remote end, for errors and logs.</summary>
    public string RemoteAddress { get; } = remoteAddress;

    /// <summary>Bytes written to <see cref="Output"/> since the last flush.</summary>
    public long Unflushed { get; set; }

    /// <summary>Advances the writer by <paramref name="length"/> bytes and counts them as unflushed.</summary>
    public void Advance(int length)
    {
        Output.Advance(length);
        Unflushed += length;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Input.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not IOException)
        {
            throw ReadFailed(e);
        }
    }

    /// <summary>Flushes the writer.</summary>
    /// <returns>False when the transport no longer takes data (its reading side has completed).</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        Unflushed = 0;
        FlushResult result;
        try
        {
            result = await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not IOException)
        {
            throw WriteFailed(e);
        }

        return !result.IsCompleted;
    }

    public IOException ReadFailed(Exception e) => new($"Reading from {RemoteAddress} on {Endpoint} failed: {e.Message}", e);

    public IOException WriteFailed(Exception e) => new($"Writing to {RemoteAddress} on {Endpoint} failed: {e.Message}", e);

    /// <summary>
    /// Completes both halves of the transport, without an exception: the transport decides how to
    /// close, and an in-process peer must not mistake our failure for its own.
    /// </summary>
    public async ValueTask CompleteAsync()
    {
        try
        {
            await Input.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The connection is being abandoned; there is nothing more to do with it.
        }

        try
        {
            await Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // As above.
        }
    }
}
