using System.Buffers.Binary;

namespace RuntimeActors.Security;

/// <summary>The nonces of the CURVE handshake (RFC 26, as libzmq 4.3.4 builds them): a 16- or 8-byte prefix and a counter or random tail.</summary>
internal static class CurveNonces
{
    public static ReadOnlySpan<byte> Hello => "CurveZMQHELLO---"u8;

    public static ReadOnlySpan<byte> Welcome => "WELCOME-"u8;

    public static ReadOnlySpan<byte> Cookie => "COOKIE--"u8;

    public static ReadOnlySpan<byte> Initiate => "CurveZMQINITIATE"u8;

    public static ReadOnlySpan<byte> Vouch => "VOUCH---"u8;

    public static ReadOnlySpan<byte> Ready => "CurveZMQREADY---"u8;

    public static ReadOnlySpan<byte> MessageFromClient => "CurveZMQMESSAGEC"u8;

    public static ReadOnlySpan<byte> MessageFromServer => "CurveZMQMESSAGES"u8;

    /// <summary>A 16-byte prefix and a big-endian short nonce.</summary>
    public static void Counted(Span<byte> nonce, ReadOnlySpan<byte> prefix, ulong counter)
    {
        prefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[16..], counter);
    }

    /// <summary>A 16-byte prefix and the 8 bytes received.</summary>
    public static void Received(Span<byte> nonce, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> shortNonce)
    {
        prefix.CopyTo(nonce);
        shortNonce[..8].CopyTo(nonce[16..]);
    }

    /// <summary>An 8-byte prefix and 16 bytes (random when sending, received when opening).</summary>
    public static void Long(Span<byte> nonce, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> tail)
    {
        prefix.CopyTo(nonce);
        tail[..16].CopyTo(nonce[8..]);
    }
}
