using System.Text.Json;
using System.Text.Json.Serialization;

namespace RuntimeActors.Samples.VmTelemetry;

/// <summary>
/// Serializes samples without reflection, and compactly: a sample must stay on one line so that scripts can read
/// the subscriber's output line by line.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(TelemetrySample))]
internal sealed partial class TelemetryJsonContext : JsonSerializerContext;
