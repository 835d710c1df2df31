using RuntimeActors.Security;

namespace RuntimeActors;

/// <summary>
/// A CURVE (RFC 26) key pair: a Curve25519 public key to hand out and the secret key it belongs to,
/// as zmq_curve_keypair makes and zmq_curve_public derives.
/// </summary>
public sealed class CurveKeyPair
{
    private const int KeyBytes = Sodium.PublicKeyBytes;
    private const int KeyZ85Chars = KeyBytes / 4 * 5;

    private readonly byte[] _publicKey;
    private readonly byte[] _secretKey;

    private CurveKeyPair(byte[] publicKey, byte[] secretKey)
    {
        _publicKey = publicKey;
        _secretKey = secretKey;
        PublicKeyZ85 = Z85.Encode(publicKey);
    }

    /// <summary>The 32-byte public key.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>The 32-byte secret key.</summary>
    public ReadOnlyMemory<byte> SecretKey => _secretKey;

    /// <summary>The public key as 40 Z85 characters, the form ZeroMQ's tools and configuration files use.</summary>
    public string PublicKeyZ85 { get; }

    /// <summary>The secret key as 40 Z85 characters; encoded on each call so the text is not kept around.</summary>
    public string SecretKeyZ85 => Z85.Encode(_secretKey);

    /// <summary>Generates a fresh key pair from libsodium's random source (crypto_box_keypair), as zmq_curve_keypair does.</summary>
    /// <exception cref="InvalidOperationException">libsodium cannot be loaded.</exception>
    public static CurveKeyPair Generate()
    {
        var publicKey = new byte[KeyBytes];
        var secretKey = new byte[KeyBytes];
        Sodium.BoxKeyPair(publicKey, secretKey);
        return new CurveKeyPair(publicKey, secretKey);
    }

    /// <summary>Rebuilds the key pair of <paramref name="secretKey"/>, deriving its public key as zmq_curve_public does.</summary>
    /// <param name="secretKey">The 32-byte secret key.</param>
    /// <exception cref="ArgumentException"><paramref name="secretKey"/> is not 32 bytes.</exception>
    /// <exception cref="InvalidOperationException">libsodium cannot be loaded.</exception>
    public static CurveKeyPair FromSecret(ReadOnlySpan<byte> secretKey)
    {
        if (secretKey.Length != KeyBytes)
        {
            throw new ArgumentException($"A CURVE secret key has {KeyBytes} bytes; this one has {secretKey.Length}.", nameof(secretKey));
        }

        return Derive(secretKey.ToArray());
    }

    /// <summary>Rebuilds the key pair of a Z85-encoded secret key, deriving its public key as zmq_curve_public does.</summary>
    /// <param name="secretKeyZ85">The secret key as 40 Z85 characters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="secretKeyZ85"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="secretKeyZ85"/> is not 40 characters.</exception>
    /// <exception cref="FormatException"><paramref name="secretKeyZ85"/> is not valid Z85.</exception>
    /// <exception cref="InvalidOperationException">libsodium cannot be loaded.</exception>
    public static CurveKeyPair FromSecret(string secretKeyZ85)
    {
        ArgumentNullException.ThrowIfNull(secretKeyZ85);
        if (secretKeyZ85.Length != KeyZ85Chars)
        {
            throw new ArgumentException(
                $"A Z85 CURVE secret key has {KeyZ85Chars} characters; this one has {secretKeyZ85.Length}.", nameof(secretKeyZ85));
        }

        return Derive(Z85.Decode(secretKeyZ85));
    }

    /// <summary>The public key in Z85; the secret key is left out so that logging a key pair cannot leak it.</summary>
    public override string ToString() => PublicKeyZ85;

    private static CurveKeyPair Derive(byte[] secretKey)
    {
        var publicKey = new byte[KeyBytes];
        Sodium.ScalarMultBase(publicKey, secretKey);
        return new CurveKeyPair(publicKey, secretKey);
    }
}
