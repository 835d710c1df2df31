using System.Text;

namespace RuntimeActors.Wire;

/// <summary>
/// Renders peer-supplied bytes for error messages, so that a hostile or broken peer cannot
/// inject control characters or megabytes of text into logs.
/// </summary>
internal static class ZmtpText
{
    private const int MaxDescribedBytes = 64;

    /// <summary>Printable ASCII stays as is; every other byte becomes \xNN; long input is cut.</summary>
    public static string Describe(ReadOnlySpan<byte> bytes, int maxBytes = MaxDescribedBytes)
    {
        var shown = bytes.Length > maxBytes ? bytes[..maxBytes] : bytes;
        var text = new StringBuilder(shown.Length + 8);
        foreach (var b in shown)
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append("\\x").Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (shown.Length < bytes.Length)
        {
            text.Append("...");
        }

        return text.ToString();
    }

    /// <summary>Formats one byte as the 0xNN the error messages use.</summary>
    public static string Hex(byte value) =>
        "0x" + value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
}
