namespace RuntimeActors.Wire;

/// <summary>One connection metadata property: a case-insensitive name and an opaque value.</summary>
/// <param name="Name">The property name, 1 to 255 characters.</param>
/// <param name="Value">The property value, 0 to 2^31-1 bytes.</param>
internal readonly record struct ZmtpProperty(string Name, ReadOnlyMemory<byte> Value);
