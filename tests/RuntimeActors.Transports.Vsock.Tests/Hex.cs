namespace RuntimeActors.Transports.Vsock.Tests;

/// <summary>Test vectors written as hex with spaces for readability.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
