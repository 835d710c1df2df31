namespace RuntimeActors.Engine;

/// <summary>What the read loop learns from the decoder as it decodes: traffic for heartbeats, and the peer's PINGs.</summary>
internal interface IZmtpDecoderEvents
{
    /// <summary>A whole frame arrived (any traffic satisfies a heartbeat deadline).</summary>
    void OnFrame();

    /// <summary>The peer sent a PING with a TTL in deciseconds (0 for none) and a context to echo in the PONG.</summary>
    void OnPing(ushort ttlDeciseconds, ReadOnlySpan<byte> context);
}
