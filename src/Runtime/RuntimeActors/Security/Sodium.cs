using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RuntimeActors.Security;

/// <summary>
/// The libsodium primitives CURVE (RFC 25/26) is built from: Curve25519 key pairs, crypto_box
/// (Curve25519-XSalsa20-Poly1305) and crypto_secretbox (XSalsa20-Poly1305, for cookies).
/// </summary>
/// <remarks>
/// The imports take spans as <c>ref</c>/<c>in</c> bytes so a call pins without copying or allocating:
/// CURVE seals every message, so this sits on the data path. Every length is checked before native code
/// runs, because libsodium trusts its callers and a short span would be read or written out of bounds.
/// The library is initialised once by the static constructor; a failure is kept and reported as an
/// <see cref="InvalidOperationException"/> by every member rather than as a <see cref="TypeInitializationException"/>.
/// </remarks>
internal static partial class Sodium
{
    /// <summary>Size of a Curve25519 public key (crypto_box_PUBLICKEYBYTES).</summary>
    public const int PublicKeyBytes = 32;

    /// <summary>Size of a Curve25519 secret key (crypto_box_SECRETKEYBYTES).</summary>
    public const int SecretKeyBytes = 32;

    /// <summary>Size of a precomputed crypto_box key (crypto_box_BEFORENMBYTES).</summary>
    public const int SharedKeyBytes = 32;

    /// <summary>Size of a crypto_box or crypto_secretbox nonce (crypto_box_NONCEBYTES).</summary>
    public const int NonceBytes = 24;

    /// <summary>Size of the Poly1305 authenticator (crypto_box_MACBYTES, crypto_secretbox_MACBYTES).</summary>
    public const int MacBytes = 16;

    /// <summary>Size of a crypto_secretbox key (crypto_secretbox_KEYBYTES).</summary>
    public const int SecretBoxKeyBytes = 32;

    private const string Library = "libsodium";

    private static readonly string? InitializationFailure;
    private static readonly Exception? InitializationCause;

    // What an empty span stands for: libsodium never touches it for a zero length, and a real address
    // keeps NULL (a default span's reference) away from memcpy, where even a zero length is undefined.
    private static byte s_empty;

    static Sodium()
    {
        try
        {
            if (NativeInit() < 0)
            {
                InitializationFailure = "libsodium failed to initialise (sodium_init returned -1), so CURVE cannot be used.";
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            InitializationFailure =
                $"The native libsodium could not be loaded, so CURVE cannot be used; it ships in the 'libsodium' NuGet package as runtimes/<rid>/native. {e.Message}";
            InitializationCause = e;
        }
    }

    /// <summary>
    /// Makes sure libsodium is loaded and initialised (sodium_init runs once, from the static constructor,
    /// which the runtime runs once however many threads race to it).
    /// </summary>
    /// <exception cref="InvalidOperationException">libsodium cannot be loaded or failed to initialise.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnsureInitialized()
    {
        // A static readonly null is a JIT-time constant once the class is initialised: this costs nothing.
        if (InitializationFailure is not null)
        {
            ThrowNotInitialized();
        }
    }

    /// <summary>Fills <paramref name="buffer"/> with unpredictable bytes (randombytes_buf), e.g. for nonces and keys.</summary>
    public static void RandomBytes(Span<byte> buffer)
    {
        EnsureInitialized();
        NativeRandomBytes(ref Out(buffer), (nuint)buffer.Length);
    }

    /// <summary>Generates a fresh Curve25519 key pair (crypto_box_keypair).</summary>
    /// <param name="publicKey">Exactly <see cref="PublicKeyBytes"/> bytes.</param>
    /// <param name="secretKey">Exactly <see cref="SecretKeyBytes"/> bytes.</param>
    public static void BoxKeyPair(Span<byte> publicKey, Span<byte> secretKey)
    {
        RequireLength(publicKey.Length, PublicKeyBytes, nameof(publicKey));
        RequireLength(secretKey.Length, SecretKeyBytes, nameof(secretKey));
        EnsureInitialized();
        Check(NativeBoxKeyPair(ref Out(publicKey), ref Out(secretKey)), "crypto_box_keypair");
    }

    /// <summary>Derives the public key of <paramref name="secretKey"/> (crypto_scalarmult_base), as zmq_curve_public does.</summary>
    /// <param name="publicKey">Exactly <see cref="PublicKeyBytes"/> bytes.</param>
    /// <param name="secretKey">Exactly <see cref="SecretKeyBytes"/> bytes.</param>
    public static void ScalarMultBase(Span<byte> publicKey, ReadOnlySpan<byte> secretKey)
    {
        RequireLength(publicKey.Length, PublicKeyBytes, nameof(publicKey));
        RequireLength(secretKey.Length, SecretKeyBytes, nameof(secretKey));
        EnsureInitialized();
        Check(NativeScalarMultBase(ref Out(publicKey), in In(secretKey)), "crypto_scalarmult_base");
    }

    /// <summary>
    /// Precomputes the key shared by <paramref name="secretKey"/> and the peer's <paramref name="publicKey"/>
    /// (crypto_box_beforenm), so that each message costs only the symmetric part.
    /// </summary>
    /// <param name="sharedKey">Exactly <see cref="SharedKeyBytes"/> bytes.</param>
    /// <param name="publicKey">The peer's public key, exactly <see cref="PublicKeyBytes"/> bytes.</param>
    /// <param name="secretKey">Our secret key, exactly <see cref="SecretKeyBytes"/> bytes.</param>
    /// <returns>
    /// False when libsodium refuses the public key: a low-order point (the all-zero key among them) would give a
    /// shared key an attacker knows. A peer's key is untrusted input, so this is a result, not an exception.
    /// </returns>
    public static bool BoxBeforeNm(Span<byte> sharedKey, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretKey)
    {
        RequireLength(sharedKey.Length, SharedKeyBytes, nameof(sharedKey));
        RequireLength(publicKey.Length, PublicKeyBytes, nameof(publicKey));
        RequireLength(secretKey.Length, SecretKeyBytes, nameof(secretKey));
        EnsureInitialized();
        return NativeBoxBeforeNm(ref Out(sharedKey), in In(publicKey), in In(secretKey)) == 0;
    }

    /// <summary>
    /// Encrypts and authenticates <paramref name="message"/> with a precomputed key (crypto_box_detached_afternm),
    /// writing the ciphertext and its authenticator separately. <paramref name="cipher"/> may be the very memory
    /// of <paramref name="message"/>, so a frame can be sealed where it lies.
    /// </summary>
    /// <param name="cipher">Exactly as long as <paramref name="message"/>.</param>
    /// <param name="mac">Exactly <see cref="MacBytes"/> bytes.</param>
    /// <param name="message">The plaintext.</param>
    /// <param name="nonce">Exactly <see cref="NonceBytes"/> bytes, never used twice with the same key.</param>
    /// <param name="sharedKey">Exactly <see cref="SharedKeyBytes"/> bytes, from <see cref="BoxBeforeNm"/>.</param>
    public static void BoxDetachedAfterNm(
        Span<byte> cipher, Span<byte> mac, ReadOnlySpan<byte> message, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sharedKey)
    {
        RequireLength(cipher.Length, message.Length, nameof(cipher));
        RequireLength(mac.Length, MacBytes, nameof(mac));
        RequireLength(nonce.Length, NonceBytes, nameof(nonce));
        RequireLength(sharedKey.Length, SharedKeyBytes, nameof(sharedKey));
        EnsureInitialized();
        Check(
            NativeBoxDetachedAfterNm(ref Out(cipher), ref Out(mac), in In(message), (ulong)message.Length, in In(nonce), in In(sharedKey)),
            "crypto_box_detached_afternm");
    }

    /// <summary>
    /// Verifies and decrypts a box sealed by <see cref="BoxDetachedAfterNm"/> (crypto_box_open_detached_afternm).
    /// <paramref name="message"/> may be the very memory of <paramref name="cipher"/>; it is untouched when the box is refused.
    /// </summary>
    /// <param name="message">Exactly as long as <paramref name="cipher"/>.</param>
    /// <param name="cipher">The ciphertext.</param>
    /// <param name="mac">Exactly <see cref="MacBytes"/> bytes.</param>
    /// <param name="nonce">Exactly <see cref="NonceBytes"/> bytes.</param>
    /// <param name="sharedKey">Exactly <see cref="SharedKeyBytes"/> bytes, from <see cref="BoxBeforeNm"/>.</param>
    /// <returns>False when the authenticator does not match: the box was forged or damaged.</returns>
    public static bool BoxOpenDetachedAfterNm(
        Span<byte> message, ReadOnlySpan<byte> cipher, ReadOnlySpan<byte> mac, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sharedKey)
    {
        RequireLength(message.Length, cipher.Length, nameof(message));
        RequireLength(mac.Length, MacBytes, nameof(mac));
        RequireLength(nonce.Length, NonceBytes, nameof(nonce));
        RequireLength(sharedKey.Length, SharedKeyBytes, nameof(sharedKey));
        EnsureInitialized();
        return NativeBoxOpenDetachedAfterNm(
            ref Out(message), in In(cipher), in In(mac), (ulong)cipher.Length, in In(nonce), in In(sharedKey)) == 0;
    }

    /// <summary>
    /// Encrypts and authenticates <paramref name="message"/> from <paramref name="secretKey"/> to <paramref name="publicKey"/>
    /// (crypto_box_easy): the authenticator followed by the ciphertext. Meant for one-off boxes such as CURVE's handshake.
    /// </summary>
    /// <param name="cipher">Exactly <see cref="MacBytes"/> more bytes than <paramref name="message"/>.</param>
    /// <param name="message">The plaintext.</param>
    /// <param name="nonce">Exactly <see cref="NonceBytes"/> bytes.</param>
    /// <param name="publicKey">The recipient's public key, exactly <see cref="PublicKeyBytes"/> bytes.</param>
    /// <param name="secretKey">The sender's secret key, exactly <see cref="SecretKeyBytes"/> bytes.</param>
    /// <returns>False when libsodium refuses the keys (a low-order public key).</returns>
    public static bool BoxEasy(
        Span<byte> cipher, ReadOnlySpan<byte> message, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretKey)
    {
        RequireLength(cipher.Length, (long)message.Length + MacBytes, nameof(cipher));
        RequireLength(nonce.Length, NonceBytes, nameof(nonce));
        RequireLength(publicKey.Length, PublicKeyBytes, nameof(publicKey));
        RequireLength(secretKey.Length, SecretKeyBytes, nameof(secretKey));
        EnsureInitialized();
        return NativeBoxEasy(
            ref Out(cipher), in In(message), (ulong)message.Length, in In(nonce), in In(publicKey), in In(secretKey)) == 0;
    }

    /// <summary>Verifies and decrypts a box sealed by <see cref="BoxEasy"/> (crypto_box_open_easy).</summary>
    /// <param name="message">Exactly <see cref="MacBytes"/> fewer bytes than <paramref name="cipher"/>.</param>
    /// <param name="cipher">The authenticator and ciphertext, at least <see cref="MacBytes"/> bytes.</param>
    /// <param name="nonce">Exactly <see cref="NonceBytes"/> bytes.</param>
    /// <param name="publicKey">The sender's public key, exactly <see cref="PublicKeyBytes"/> bytes.</param>
    /// <param name="secretKey">The recipient's secret key, exactly <see cref="SecretKeyBytes"/> bytes.</param>
    /// <returns>False when the box was forged or damaged, or libsodium refuses the keys.</returns>
    public static bool BoxOpenEasy(
        Span<byte> message, ReadOnlySpan<byte> cipher, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretKey)
    {
        RequireAtLeast(cipher.Length, MacBytes, nameof(cipher));
        RequireLength(message.Length, cipher.Length - MacBytes, nameof(message));
        RequireLength(nonce.Length, NonceBytes, nameof(nonce));
        RequireLength(publicKey.Length, PublicKeyBytes, nameof(publicKey));
        RequireLength(secretKey.Length, SecretKeyBytes, nameof(secretKey));
        EnsureInitialized();
        return NativeBoxOpenEasy(
            ref Out(message), in In(cipher), (ulong)cipher.Length, in In(nonce), in In(publicKey), in In(secretKey)) == 0;
    }

    /// <summary>
    /// Encrypts and authenticates <paramref name="message"/> with a symmetric key (crypto_secretbox_easy):
    /// the authenticator followed by the ciphertext. CURVE's server seals its cookie this way.
    /// </summary>
    /// <param name="cipher">Exactly <see cref="MacBytes"/> more bytes than <paramref name="message"/>.</param>
    /// <param name="message">The plaintext.</param>
    /// <param name="nonce">Exactly <see cref="NonceBytes"/> bytes.</param>
    /// <param name="key">Exactly <see cref="SecretBoxKeyBytes"/> bytes.</param>
    public static void SecretBoxEasy(Span<byte> cipher, ReadOnlySpan<byte> message, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        RequireLength(cipher.Length, (long)message.Length + MacBytes, nameof(cipher));
        RequireLength(nonce.Length, NonceBytes, nameof(nonce));
        RequireLength(key.Length, SecretBoxKeyBytes, nameof(key));
        EnsureInitialized();
        Check(
            NativeSecretBoxEasy(ref Out(cipher), in In(message), (ulong)message.Length, in In(nonce), in In(key)),
            "crypto_secretbox_easy");
    }

    /// <summary>Verifies and decrypts a box sealed by <see cref="SecretBoxEasy"/> (crypto_secretbox_open_easy).</summary>
    /// <param name="message">Exactly <see cref="MacBytes"/> fewer bytes than <paramref name="cipher"/>.</param>
    /// <param name="cipher">The authenticator and ciphertext, at least <see cref="MacBytes"/> bytes.</param>
    /// <param name="nonce">Exactly <see cref="NonceBytes"/> bytes.</param>
    /// <param name="key">Exactly <see cref="SecretBoxKeyBytes"/> bytes.</param>
    /// <returns>False when the box was forged or damaged.</returns>
    public static bool SecretBoxOpenEasy(Span<byte> message, ReadOnlySpan<byte> cipher, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        RequireAtLeast(cipher.Length, MacBytes, nameof(cipher));
        RequireLength(message.Length, cipher.Length - MacBytes, nameof(message));
        RequireLength(nonce.Length, NonceBytes, nameof(nonce));
        RequireLength(key.Length, SecretBoxKeyBytes, nameof(key));
        EnsureInitialized();
        return NativeSecretBoxOpenEasy(ref Out(message), in In(cipher), (ulong)cipher.Length, in In(nonce), in In(key)) == 0;
    }

    /// <summary>
    /// Overwrites <paramref name="buffer"/> with zeros (sodium_memzero) in a way the compiler cannot drop,
    /// so secrets do not outlive their use in memory.
    /// </summary>
    public static void MemZero(Span<byte> buffer)
    {
        EnsureInitialized();
        NativeMemZero(ref Out(buffer), (nuint)buffer.Length);
    }

    private static ref byte Out(Span<byte> span) =>
        ref span.IsEmpty ? ref s_empty : ref MemoryMarshal.GetReference(span);

    private static ref readonly byte In(ReadOnlySpan<byte> span) =>
        ref span.IsEmpty ? ref s_empty : ref MemoryMarshal.GetReference(span);

    private static void RequireLength(int actual, long expected, string parameter)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected exactly {expected} bytes, got {actual}.", parameter);
        }
    }

    private static void RequireAtLeast(int actual, int minimum, string parameter)
    {
        if (actual < minimum)
        {
            throw new ArgumentException($"Expected at least {minimum} bytes, got {actual}.", parameter);
        }
    }

    // The functions checked here fail only on lengths libsodium cannot handle, which the checks above rule out.
    private static void Check(int result, string function)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"libsodium's {function} failed unexpectedly (returned {result}).");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotInitialized() => throw new InvalidOperationException(InitializationFailure, InitializationCause);

    [LibraryImport(Library, EntryPoint = "sodium_init")]
    private static partial int NativeInit();

    [LibraryImport(Library, EntryPoint = "randombytes_buf")]
    private static partial void NativeRandomBytes(ref byte buffer, nuint size);

    [LibraryImport(Library, EntryPoint = "crypto_box_keypair")]
    private static partial int NativeBoxKeyPair(ref byte publicKey, ref byte secretKey);

    [LibraryImport(Library, EntryPoint = "crypto_scalarmult_base")]
    private static partial int NativeScalarMultBase(ref byte publicKey, in byte secretKey);

    [LibraryImport(Library, EntryPoint = "crypto_box_beforenm")]
    private static partial int NativeBoxBeforeNm(ref byte sharedKey, in byte publicKey, in byte secretKey);

    [LibraryImport(Library, EntryPoint = "crypto_box_detached_afternm")]
    private static partial int NativeBoxDetachedAfterNm(
        ref byte cipher, ref byte mac, in byte message, ulong messageLength, in byte nonce, in byte sharedKey);

    [LibraryImport(Library, EntryPoint = "crypto_box_open_detached_afternm")]
    private static partial int NativeBoxOpenDetachedAfterNm(
        ref byte message, in byte cipher, in byte mac, ulong cipherLength, in byte nonce, in byte sharedKey);

    [LibraryImport(Library, EntryPoint = "crypto_box_easy")]
    private static partial int NativeBoxEasy(
        ref byte cipher, in byte message, ulong messageLength, in byte nonce, in byte publicKey, in byte secretKey);

    [LibraryImport(Library, EntryPoint = "crypto_box_open_easy")]
    private static partial int NativeBoxOpenEasy(
        ref byte message, in byte cipher, ulong cipherLength, in byte nonce, in byte publicKey, in byte secretKey);

    [LibraryImport(Library, EntryPoint = "crypto_secretbox_easy")]
    private static partial int NativeSecretBoxEasy(ref byte cipher, in byte message, ulong messageLength, in byte nonce, in byte key);

    [LibraryImport(Library, EntryPoint = "crypto_secretbox_open_easy")]
    private static partial int NativeSecretBoxOpenEasy(ref byte message, in byte cipher, ulong cipherLength, in byte nonce, in byte key);

    [LibraryImport(Library, EntryPoint = "sodium_memzero")]
    private static partial void NativeMemZero(ref byte buffer, nuint length);
}
