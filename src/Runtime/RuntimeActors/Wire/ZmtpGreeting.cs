namespace RuntimeActors.Wire;

/// <summary>
/// The 64-byte ZMTP greeting (RFC 37): signature, version, mechanism, as-server, filler.
/// </summary>
/// <remarks>
/// Peers that detect older protocols send the first 11 bytes (signature and major version)
/// and wait for ours before sending the rest, so <see cref="ValidatePrefix"/> checks whatever
/// part has arrived and <see cref="Parse"/> checks the whole greeting once all 64 bytes are in.
/// </remarks>
internal static class ZmtpGreeting
{
    /// <summary>Size of a whole greeting.</summary>
    public const int Length = 64;

    /// <summary>Size of the signature: 0xFF, 8 padding bytes, 0x7F.</summary>
    public const int SignatureLength = 10;

    /// <summary>Size of the part a version-detecting peer sends first: signature and major version.</summary>
    public const int VersionDetectionLength = SignatureLength + 1;

    /// <summary>Size of the null-padded mechanism name field.</summary>
    public const int MechanismLength = 20;

    /// <summary>The ZMTP major version this runtime speaks.</summary>
    public const byte VersionMajor = 3;

    /// <summary>The ZMTP minor version this runtime speaks.</summary>
    public const byte VersionMinor = 1;

    private const byte SignatureStart = 0xFF;
    private const byte SignatureEnd = 0x7F;
    private const int MajorOffset = 10;
    private const int MinorOffset = 11;
    private const int MechanismOffset = 12;
    private const int AsServerOffset = MechanismOffset + MechanismLength;

    /// <summary>Writes our ZMTP 3.1 greeting into the first 64 bytes of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Length"/> bytes.</param>
    /// <param name="mechanism">The security mechanism name, e.g. "NULL".</param>
    /// <param name="asServer">Whether we take the server role in the security handshake.</param>
    public static void Write(Span<byte> destination, string mechanism, bool asServer)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"A ZMTP greeting needs {Length} bytes, the destination has {destination.Length}.", nameof(destination));
        }

        var greeting = destination[..Length];
        greeting.Clear();
        greeting[0] = SignatureStart;
        greeting[SignatureLength - 1] = SignatureEnd;
        greeting[MajorOffset] = VersionMajor;
        greeting[MinorOffset] = VersionMinor;
        WriteMechanism(greeting.Slice(MechanismOffset, MechanismLength), mechanism);
        greeting[AsServerOffset] = asServer ? (byte)1 : (byte)0;
    }

    /// <summary>
    /// Validates the bytes of a peer greeting received so far: the signature bytes and the major
    /// version, as far as they have arrived. Call it after every read until
    /// <see cref="Length"/> bytes are in, then call <see cref="Parse"/>.
    /// </summary>
    /// <param name="received">The first bytes of the peer's greeting, any number of them.</param>
    /// <exception cref="ZmtpProtocolException">The peer does not speak ZMTP 3.x.</exception>
    public static void ValidatePrefix(ReadOnlySpan<byte> received)
    {
        // The padding bytes 1-8 carry no meaning (RFC 37 forbids validating them).
        if (received.Length > 0 && received[0] != SignatureStart)
        {
            throw new ZmtpProtocolException(
                ZmtpError.BadSignature,
                $"greeting signature byte 0 is {ZmtpText.Hex(received[0])}, expected {ZmtpText.Hex(SignatureStart)}; the peer does not speak ZMTP 2.0 or later");
        }

        if (received.Length >= SignatureLength && received[SignatureLength - 1] != SignatureEnd)
        {
            throw new ZmtpProtocolException(
                ZmtpError.BadSignature,
                $"greeting signature byte 9 is {ZmtpText.Hex(received[SignatureLength - 1])}, expected {ZmtpText.Hex(SignatureEnd)}");
        }

        if (received.Length > MajorOffset && received[MajorOffset] < VersionMajor)
        {
            var major = received[MajorOffset];
            throw new ZmtpProtocolException(
                ZmtpError.UnsupportedVersion,
                $"peer greeting announces ZMTP major version {major} (ZMTP 1.0/2.0); this runtime speaks only ZMTP 3.0 and later");
        }
    }

    /// <summary>Validates a whole peer greeting against the mechanism we announced.</summary>
    /// <param name="greeting">Exactly <see cref="Length"/> bytes.</param>
    /// <param name="expectedMechanism">The mechanism name we announced in our own greeting.</param>
    /// <returns>The peer's version and role.</returns>
    /// <exception cref="ZmtpProtocolException">The greeting is invalid or names another mechanism.</exception>
    public static ZmtpPeerGreeting Parse(ReadOnlySpan<byte> greeting, string expectedMechanism)
    {
        if (greeting.Length != Length)
        {
            throw new ArgumentException($"A ZMTP greeting is {Length} bytes, got {greeting.Length}.", nameof(greeting));
        }

        ValidatePrefix(greeting);

        Span<byte> expected = stackalloc byte[MechanismLength];
        WriteMechanism(expected, expectedMechanism);
        var announced = greeting.Slice(MechanismOffset, MechanismLength);
        if (!announced.SequenceEqual(expected))
        {
            throw new ZmtpProtocolException(
                ZmtpError.MechanismMismatch,
                $"peer greeting announces security mechanism \"{ZmtpText.Describe(TrimPadding(announced))}\", expected \"{expectedMechanism}\"");
        }

        var asServer = greeting[AsServerOffset];
        if (asServer > 1)
        {
            throw new ZmtpProtocolException(
                ZmtpError.MalformedGreeting,
                $"greeting as-server byte is {ZmtpText.Hex(asServer)}, expected 0x00 or 0x01");
        }

        // The filler is not checked: libzmq ignores it and later versions may give it meaning.
        return new ZmtpPeerGreeting(greeting[MajorOffset], greeting[MinorOffset], asServer == 1);
    }

    private static void WriteMechanism(Span<byte> field, string mechanism)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        if (mechanism.Length is 0 or > MechanismLength)
        {
            throw new ArgumentException($"A ZMTP mechanism name has 1 to {MechanismLength} characters, \"{mechanism}\" has {mechanism.Length}.", nameof(mechanism));
        }

        field.Clear();
        for (var i = 0; i < mechanism.Length; i++)
        {
            var c = mechanism[i];
            if (!IsMechanismChar(c))
            {
                throw new ArgumentException($"A ZMTP mechanism name may hold only A-Z, 0-9, '-', '_', '.', '+'; \"{mechanism}\" has '{c}'.", nameof(mechanism));
            }

            field[i] = (byte)c;
        }
    }

    private static bool IsMechanismChar(char c) =>
        c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '+';

    private static ReadOnlySpan<byte> TrimPadding(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return end < 0 ? field : field[..end];
    }
}
