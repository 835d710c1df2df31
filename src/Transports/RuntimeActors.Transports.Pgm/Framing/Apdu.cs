namespace RuntimeActors.Transports.Pgm.Framing;

/// <summary>An APDU the encoder completed: the first <paramref name="Length"/> bytes of <paramref name="Buffer"/>.</summary>
internal readonly record struct Apdu(byte[] Buffer, int Length)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);
}
