namespace RuntimeActors.Samples.VmTelemetry;

/// <summary>The settings of either mode, from the <c>Telemetry</c> configuration section or the command line.</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The port both ends meet on when no endpoint is given.</summary>
    public const int DefaultPort = 5600;

    /// <summary>The endpoint to bind (<c>--bind</c>), e.g. <c>vsock://*:5600</c>; exclusive with <see cref="Connect"/>.</summary>
    public string? Bind { get; set; }

    /// <summary>The endpoint to connect to (<c>--connect</c>), e.g. <c>vsock://2:5600</c> for the host; exclusive with <see cref="Bind"/>.</summary>
    public string? Connect { get; set; }

    /// <summary>
    /// The publisher's topic, or the subscriber's prefix (<c>--topic</c>). The publisher defaults to
    /// <c>telemetry/MACHINE</c> and the subscriber to <c>telemetry/</c>, so that each guest is its own topic.
    /// </summary>
    public string? Topic { get; set; }

    /// <summary>How many samples to publish or receive before exiting (<c>--count</c>); 0 runs until stopped.</summary>
    public int Count { get; set; }

    /// <summary>Milliseconds between two published samples (<c>--interval</c>). Default 1000.</summary>
    public int Interval { get; set; } = 1000;
}
