namespace RuntimeActors.Security;

/// <summary>
/// Reads the value of a CURVE key option (server, public or secret key) the way zmq_setsockopt does:
/// 32 raw bytes, or the same key as 40 characters of Z85.
/// </summary>
internal static class CurveKey
{
    private const int KeyBytes = Sodium.PublicKeyBytes;
    private const int KeyZ85Chars = KeyBytes / 4 * 5;

    /// <summary>Reads a key given as bytes: 32 raw bytes, or 40 bytes of ASCII Z85 text.</summary>
    /// <param name="value">The option value.</param>
    /// <param name="optionName">The option's name, for the error message.</param>
    /// <returns>A fresh 32-byte copy of the key.</returns>
    /// <exception cref="ZmqException">EINVAL: the value is neither 32 bytes nor 40 bytes of valid Z85.</exception>
    public static byte[] Parse(ReadOnlySpan<byte> value, string optionName)
    {
        if (value.Length == KeyBytes)
        {
            return value.ToArray();
        }

        if (value.Length != KeyZ85Chars)
        {
            throw WrongLength(optionName, value.Length, "bytes");
        }

        Span<char> text = stackalloc char[KeyZ85Chars];
        for (var i = 0; i < value.Length; i++)
        {
            text[i] = (char)value[i];
        }

        return DecodeZ85(text, optionName);
    }

    /// <summary>Reads a key given as text: 40 characters of Z85.</summary>
    /// <param name="value">The option value.</param>
    /// <param name="optionName">The option's name, for the error message.</param>
    /// <returns>A fresh 32-byte copy of the key.</returns>
    /// <exception cref="ZmqException">EINVAL: the value is null or not 40 characters of valid Z85.</exception>
    public static byte[] Parse(string value, string optionName)
    {
        if (value is null)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, $"{optionName} needs a CURVE key, got none");
        }

        if (value.Length != KeyZ85Chars)
        {
            throw WrongLength(optionName, value.Length, "characters");
        }

        return DecodeZ85(value, optionName);
    }

    private static byte[] DecodeZ85(ReadOnlySpan<char> text, string optionName)
    {
        var key = new byte[KeyBytes];
        if (!Z85.TryDecode(text, key, out _))
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, $"{optionName} has {KeyZ85Chars} characters but they are not valid Z85");
        }

        return key;
    }

    // The option is not an endpoint, so it goes in the reason and the endpoint stays null (EINVAL: reason).
    private static ZmqException WrongLength(string optionName, int length, string unit) =>
        new(
            ZmqError.InvalidArgument,
            null,
            $"{optionName} needs a CURVE key of {KeyBytes} bytes or {KeyZ85Chars} Z85 characters, got {length} {unit}");
}
