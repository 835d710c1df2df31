using System.Buffers.Binary;

namespace RuntimeActors;

/// <summary>
/// Z85 (ZeroMQ RFC 32), the printable encoding ZeroMQ uses for CURVE keys: every 4 bytes, read as a big-endian
/// 32-bit number, become 5 characters of an 85-character alphabet, so a 32-byte key is 40 characters.
/// </summary>
/// <remarks>
/// Like zmq_z85_encode and zmq_z85_decode, there is no padding: binary input must be a multiple of 4 bytes
/// and text a multiple of 5 characters. The methods are pure and allocate nothing but their result.
/// </remarks>
public static class Z85
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    private const byte NotInAlphabet = 0xFF;

    /// <summary>The value of each ASCII character in <see cref="Alphabet"/>, or <see cref="NotInAlphabet"/>.</summary>
    private static ReadOnlySpan<byte> Values =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0x44, 0xFF, 0x54, 0x53, 0x52, 0x48, 0xFF, 0x4B, 0x4C, 0x46, 0x41, 0xFF, 0x3F, 0x3E, 0x45,
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x40, 0xFF, 0x49, 0x42, 0x4A, 0x47,
        0x51, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31, 0x32,
        0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x4D, 0xFF, 0x4E, 0x43, 0xFF,
        0xFF, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
        0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x4F, 0xFF, 0x50, 0xFF, 0xFF,
    ];

    private enum DecodeError
    {
        None,
        InvalidCharacter,
        Overflow,
    }

    /// <summary>Encodes <paramref name="data"/> as Z85 text.</summary>
    /// <param name="data">The bytes to encode; the length must be a multiple of 4.</param>
    /// <returns>The text, 5 characters for every 4 bytes.</returns>
    /// <exception cref="ArgumentException">The length of <paramref name="data"/> is not a multiple of 4.</exception>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        if (data.Length % 4 != 0)
        {
            throw new ArgumentException($"Z85 encodes whole groups of 4 bytes; the data has {data.Length} bytes.", nameof(data));
        }

        return string.Create(data.Length / 4 * 5, data, static (text, bytes) => EncodeCore(bytes, text));
    }

    /// <summary>Encodes <paramref name="data"/> as Z85 text into <paramref name="destination"/>.</summary>
    /// <param name="data">The bytes to encode; the length must be a multiple of 4.</param>
    /// <param name="destination">Receives the text: 5 characters for every 4 bytes.</param>
    /// <param name="written">The number of characters written, or 0 on failure.</param>
    /// <returns>False, writing nothing, when the length of <paramref name="data"/> is not a multiple of 4 or <paramref name="destination"/> is too short.</returns>
    public static bool TryEncode(ReadOnlySpan<byte> data, Span<char> destination, out int written)
    {
        var length = data.Length / 4 * 5;
        if (data.Length % 4 != 0 || destination.Length < length)
        {
            written = 0;
            return false;
        }

        EncodeCore(data, destination);
        written = length;
        return true;
    }

    /// <summary>Decodes Z85 <paramref name="text"/>.</summary>
    /// <param name="text">The text; the length must be a multiple of 5.</param>
    /// <returns>The bytes, 4 for every 5 characters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">
    /// The length is not a multiple of 5, a character is not in the Z85 alphabet, or a group of 5 characters
    /// encodes a value that does not fit in 32 bits; the message names the length, character or offset.
    /// </exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Decode(text.AsSpan());
    }

    /// <summary>Decodes Z85 <paramref name="text"/>.</summary>
    /// <param name="text">The text; the length must be a multiple of 5.</param>
    /// <returns>The bytes, 4 for every 5 characters.</returns>
    /// <exception cref="FormatException">
    /// The length is not a multiple of 5, a character is not in the Z85 alphabet, or a group of 5 characters
    /// encodes a value that does not fit in 32 bits; the message names the length, character or offset.
    /// </exception>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        if (text.Length % 5 != 0)
        {
            throw new FormatException($"Z85 text comes in whole groups of 5 characters; this text has {text.Length}.");
        }

        var data = new byte[text.Length / 5 * 4];
        switch (DecodeCore(text, data, out var offset))
        {
            case DecodeError.InvalidCharacter:
                throw new FormatException($"'{text[offset]}' (U+{(int)text[offset]:X4}) at offset {offset} is not a Z85 character.");
            case DecodeError.Overflow:
                throw new FormatException($"The Z85 group at offset {offset} encodes a value that does not fit in 32 bits.");
            default:
                return data;
        }
    }

    /// <summary>Decodes Z85 <paramref name="text"/> into <paramref name="destination"/>.</summary>
    /// <param name="text">The text; the length must be a multiple of 5.</param>
    /// <param name="destination">Receives the bytes: 4 for every 5 characters.</param>
    /// <param name="written">The number of bytes written, or 0 on failure.</param>
    /// <returns>
    /// False when <paramref name="destination"/> is too short (nothing is written) or the text is not valid Z85
    /// (the part of <paramref name="destination"/> before the bad group may have been written).
    /// </returns>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        var length = text.Length / 5 * 4;
        if (text.Length % 5 != 0 || destination.Length < length || DecodeCore(text, destination, out _) != DecodeError.None)
        {
            written = 0;
            return false;
        }

        written = length;
        return true;
    }

    private static void EncodeCore(ReadOnlySpan<byte> data, Span<char> text)
    {
        for (int i = 0, o = 0; i < data.Length; i += 4, o += 5)
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(i, 4));
            for (var k = 4; k >= 0; k--)
            {
                text[o + k] = Alphabet[(int)(value % 85)];
                value /= 85;
            }
        }
    }

    /// <summary>Decodes whole groups; on failure <paramref name="offset"/> is the bad character's or group's index in <paramref name="text"/>.</summary>
    private static DecodeError DecodeCore(ReadOnlySpan<char> text, Span<byte> data, out int offset)
    {
        var values = Values;
        for (int i = 0, o = 0; i < text.Length; i += 5, o += 4)
        {
            // Five digits reach 85^5 - 1 (about 2^32.05), so the sum is kept in 64 bits and checked at the end.
            ulong value = 0;
            for (var k = 0; k < 5; k++)
            {
                var c = text[i + k];
                var digit = c < values.Length ? values[c] : NotInAlphabet;
                if (digit == NotInAlphabet)
                {
                    offset = i + k;
                    return DecodeError.InvalidCharacter;
                }

                value = (value * 85) + digit;
            }

            if (value > uint.MaxValue)
            {
                offset = i;
                return DecodeError.Overflow;
            }

            BinaryPrimitives.WriteUInt32BigEndian(data.Slice(o, 4), (uint)value);
        }

        offset = -1;
        return DecodeError.None;
    }
}
