namespace RuntimeActors.Samples.VmTelemetry;

/// <summary>Which end of the stream this process is, from the program's first argument.</summary>
internal enum TelemetryMode
{
    /// <summary>Samples this machine and publishes a sample per interval.</summary>
    Publish,

    /// <summary>Prints every sample whose topic starts with the prefix.</summary>
    Subscribe,
}
