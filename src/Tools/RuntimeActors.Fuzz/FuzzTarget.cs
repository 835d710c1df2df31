namespace RuntimeActors.Fuzz;

/// <summary>
/// One fuzz target: parses <paramref name="input"/> as a peer or a user could send it. It returns normally for valid
/// input and for input the code under test refuses with its documented, typed error; anything else escapes, and is a
/// finding.
/// </summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> input);
