using System.IO.Pipelines;

namespace RuntimeActors.Tests.Engine;

/// <summary>Two in-memory pipes cross-wired into the two ends of one connection.</summary>
internal sealed class DuplexPipePair
{
    public DuplexPipePair(PipeOptions? toEngine = null, PipeOptions? fromEngine = null)
    {
        ToEngine = new System.IO.Pipelines.Pipe(toEngine ?? PipeOptions.Default);
        FromEngine = new System.IO.Pipelines.Pipe(fromEngine ?? PipeOptions.Default);
        Engine = new Duplex(ToEngine.Reader, FromEngine.Writer);
        Peer = new Duplex(FromEngine.Reader, ToEngine.Writer);
    }

    /// <summary>The peer writes here and the engine reads.</summary>
    public System.IO.Pipelines.Pipe ToEngine { get; }

    /// <summary>The engine writes here and the peer reads.</summary>
    public System.IO.Pipelines.Pipe FromEngine { get; }

    /// <summary>The end handed to the engine under test.</summary>
    public IDuplexPipe Engine { get; }

    /// <summary>The other end: a raw peer or a second engine.</summary>
    public IDuplexPipe Peer { get; }

    /// <summary>Pipe options with a small pause threshold, to make backpressure visible.</summary>
    public static PipeOptions Small(long pauseWriterThreshold, long resumeWriterThreshold) =>
        new(pauseWriterThreshold: pauseWriterThreshold, resumeWriterThreshold: resumeWriterThreshold, useSynchronizationContext: false);

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}

/// <summary>An <see cref="IDuplexPipe"/> whose writer counts flushes, to check batching.</summary>
internal sealed class FlushCountingDuplex(IDuplexPipe inner) : IDuplexPipe
{
    private readonly CountingWriter _output = new(inner.Output);

    public PipeReader Input => inner.Input;

    public PipeWriter Output => _output;

    public int Flushes => _output.Flushes;

    public void ResetFlushes() => _output.Flushes = 0;

    private sealed class CountingWriter(PipeWriter inner) : PipeWriter
    {
        public int Flushes { get; set; }

        public override void Advance(int bytes) => inner.Advance(bytes);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Flushes++;
            return inner.FlushAsync(cancellationToken);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
    }
}
