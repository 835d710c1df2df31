using RuntimeActors.Security;

namespace RuntimeActors.Tests.Security;

public class SodiumTests
{
    private static (byte[] Public, byte[] Secret) KeyPair()
    {
        var publicKey = new byte[Sodium.PublicKeyBytes];
        var secretKey = new byte[Sodium.SecretKeyBytes];
        Sodium.BoxKeyPair(publicKey, secretKey);
        return (publicKey, secretKey);
    }

    private static byte[] Random(int length)
    {
        var bytes = new byte[length];
        Sodium.RandomBytes(bytes);
        return bytes;
    }

    private static (byte[] ClientToServer, byte[] ServerToClient) SharedKeys()
    {
        var client = KeyPair();
        var server = KeyPair();
        var clientKey = new byte[Sodium.SharedKeyBytes];
        var serverKey = new byte[Sodium.SharedKeyBytes];
        Assert.True(Sodium.BoxBeforeNm(clientKey, server.Public, client.Secret));
        Assert.True(Sodium.BoxBeforeNm(serverKey, client.Public, server.Secret));
        return (clientKey, serverKey);
    }

    [Fact]
    public void The_native_library_is_the_one_the_package_put_next_to_the_tests()
    {
        Sodium.EnsureInitialized();
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // The machine may have its own libsodium (e.g. 1.0.18 in /lib): the packaged 1.0.22 must win.
        var mapped = File.ReadLines("/proc/self/maps")
            .Where(line => line.Contains("libsodium", StringComparison.Ordinal))
            .Select(line => line[line.IndexOf('/', StringComparison.Ordinal)..])
            .Distinct()
            .ToList();

        var path = Assert.Single(mapped);
        Assert.StartsWith(AppContext.BaseDirectory, path, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureInitialized_can_be_called_again_from_many_threads()
    {
        Parallel.For(0, 16, _ => Sodium.EnsureInitialized());
    }

    [Fact]
    public void Both_sides_compute_the_same_shared_key()
    {
        var (clientToServer, serverToClient) = SharedKeys();

        Assert.Equal(clientToServer, serverToClient);
        Assert.NotEqual(new byte[Sodium.SharedKeyBytes], clientToServer);
    }

    [Fact]
    public void ScalarMultBase_derives_the_public_key_of_a_generated_pair()
    {
        var (publicKey, secretKey) = KeyPair();
        var derived = new byte[Sodium.PublicKeyBytes];

        Sodium.ScalarMultBase(derived, secretKey);

        Assert.Equal(publicKey, derived);
    }

    [Fact]
    public void A_detached_box_sealed_in_place_opens_in_place_on_the_other_side()
    {
        var (clientKey, serverKey) = SharedKeys();
        var nonce = Random(Sodium.NonceBytes);
        var original = Random(1000);
        var buffer = original.ToArray();
        var mac = new byte[Sodium.MacBytes];

        Sodium.BoxDetachedAfterNm(buffer, mac, buffer, nonce, clientKey);
        Assert.NotEqual(original, buffer);

        Assert.True(Sodium.BoxOpenDetachedAfterNm(buffer, buffer, mac, nonce, serverKey));
        Assert.Equal(original, buffer);
    }

    [Fact]
    public void Sealing_in_place_gives_the_same_box_as_sealing_into_another_buffer()
    {
        var (key, _) = SharedKeys();
        var nonce = Random(Sodium.NonceBytes);
        var message = Random(300);
        var cipher = new byte[message.Length];
        var mac = new byte[Sodium.MacBytes];
        var inPlace = message.ToArray();
        var inPlaceMac = new byte[Sodium.MacBytes];

        Sodium.BoxDetachedAfterNm(cipher, mac, message, nonce, key);
        Sodium.BoxDetachedAfterNm(inPlace, inPlaceMac, inPlace, nonce, key);

        Assert.Equal(cipher, inPlace);
        Assert.Equal(mac, inPlaceMac);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(499)]
    [InlineData(999)]
    public void A_flipped_cipher_byte_is_refused_and_leaves_the_buffer_alone(int index)
    {
        var (clientKey, serverKey) = SharedKeys();
        var nonce = Random(Sodium.NonceBytes);
        var buffer = Random(1000);
        var mac = new byte[Sodium.MacBytes];
        Sodium.BoxDetachedAfterNm(buffer, mac, buffer, nonce, clientKey);
        buffer[index] ^= 0x01;
        var tampered = buffer.ToArray();

        Assert.False(Sodium.BoxOpenDetachedAfterNm(buffer, buffer, mac, nonce, serverKey));
        Assert.Equal(tampered, buffer);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    public void A_flipped_mac_byte_is_refused(int index)
    {
        var (clientKey, serverKey) = SharedKeys();
        var nonce = Random(Sodium.NonceBytes);
        var buffer = Random(64);
        var mac = new byte[Sodium.MacBytes];
        Sodium.BoxDetachedAfterNm(buffer, mac, buffer, nonce, clientKey);
        mac[index] ^= 0x80;

        Assert.False(Sodium.BoxOpenDetachedAfterNm(buffer, buffer, mac, nonce, serverKey));
    }

    [Fact]
    public void A_box_opened_with_another_nonce_is_refused()
    {
        var (clientKey, serverKey) = SharedKeys();
        var nonce = Random(Sodium.NonceBytes);
        var buffer = Random(64);
        var mac = new byte[Sodium.MacBytes];
        Sodium.BoxDetachedAfterNm(buffer, mac, buffer, nonce, clientKey);
        nonce[^1] ^= 0x01;

        Assert.False(Sodium.BoxOpenDetachedAfterNm(buffer, buffer, mac, nonce, serverKey));
    }

    [Fact]
    public void An_empty_message_still_gets_an_authenticator()
    {
        var (clientKey, serverKey) = SharedKeys();
        var nonce = Random(Sodium.NonceBytes);
        var mac = new byte[Sodium.MacBytes];

        Sodium.BoxDetachedAfterNm(default, mac, default, nonce, clientKey);

        Assert.NotEqual(new byte[Sodium.MacBytes], mac);
        Assert.True(Sodium.BoxOpenDetachedAfterNm(default, default, mac, nonce, serverKey));
        mac[0] ^= 0x01;
        Assert.False(Sodium.BoxOpenDetachedAfterNm(default, default, mac, nonce, serverKey));
    }

    [Fact]
    public void BoxBeforeNm_refuses_the_all_zero_public_key()
    {
        // Zero is a low-order point: X25519 with it gives an all-zero secret, which libsodium reports as -1.
        var (_, secretKey) = KeyPair();
        var sharedKey = new byte[Sodium.SharedKeyBytes];

        Assert.False(Sodium.BoxBeforeNm(sharedKey, new byte[Sodium.PublicKeyBytes], secretKey));
    }

    [Fact]
    public void BoxBeforeNm_refuses_another_low_order_public_key()
    {
        // u = 1 is a point of order 4: libsodium refuses the small-order points before it multiplies.
        var publicKey = new byte[Sodium.PublicKeyBytes];
        publicKey[0] = 1;
        var (_, secretKey) = KeyPair();

        Assert.False(Sodium.BoxBeforeNm(new byte[Sodium.SharedKeyBytes], publicKey, secretKey));
    }

    [Fact]
    public void An_easy_box_round_trips_between_two_key_pairs()
    {
        var client = KeyPair();
        var server = KeyPair();
        var nonce = Random(Sodium.NonceBytes);
        var message = Random(96);
        var cipher = new byte[message.Length + Sodium.MacBytes];
        var opened = new byte[message.Length];

        Assert.True(Sodium.BoxEasy(cipher, message, nonce, server.Public, client.Secret));
        Assert.True(Sodium.BoxOpenEasy(opened, cipher, nonce, client.Public, server.Secret));

        Assert.Equal(message, opened);
    }

    [Fact]
    public void A_tampered_easy_box_is_refused()
    {
        var client = KeyPair();
        var server = KeyPair();
        var nonce = Random(Sodium.NonceBytes);
        var cipher = new byte[64 + Sodium.MacBytes];
        Assert.True(Sodium.BoxEasy(cipher, Random(64), nonce, server.Public, client.Secret));
        cipher[Sodium.MacBytes + 10] ^= 0x01;

        Assert.False(Sodium.BoxOpenEasy(new byte[64], cipher, nonce, client.Public, server.Secret));
    }

    [Fact]
    public void BoxEasy_returns_false_for_the_all_zero_public_key()
    {
        var (_, secretKey) = KeyPair();

        Assert.False(Sodium.BoxEasy(new byte[Sodium.MacBytes + 8], new byte[8], Random(Sodium.NonceBytes), new byte[Sodium.PublicKeyBytes], secretKey));
    }

    [Fact]
    public void A_secret_box_round_trips_and_refuses_tampering()
    {
        var key = Random(Sodium.SecretBoxKeyBytes);
        var nonce = Random(Sodium.NonceBytes);
        var message = Random(64);
        var cipher = new byte[message.Length + Sodium.MacBytes];
        var opened = new byte[message.Length];

        Sodium.SecretBoxEasy(cipher, message, nonce, key);
        Assert.True(Sodium.SecretBoxOpenEasy(opened, cipher, nonce, key));
        Assert.Equal(message, opened);

        cipher[^1] ^= 0x01;
        Assert.False(Sodium.SecretBoxOpenEasy(opened, cipher, nonce, key));
        cipher[^1] ^= 0x01;
        cipher[0] ^= 0x01;
        Assert.False(Sodium.SecretBoxOpenEasy(opened, cipher, nonce, key));
    }

    [Fact]
    public void A_secret_box_does_not_open_with_another_key()
    {
        var nonce = Random(Sodium.NonceBytes);
        var cipher = new byte[32 + Sodium.MacBytes];
        Sodium.SecretBoxEasy(cipher, Random(32), nonce, Random(Sodium.SecretBoxKeyBytes));

        Assert.False(Sodium.SecretBoxOpenEasy(new byte[32], cipher, nonce, Random(Sodium.SecretBoxKeyBytes)));
    }

    [Fact]
    public void RandomBytes_fills_and_MemZero_clears()
    {
        var buffer = new byte[64];

        Sodium.RandomBytes(buffer);
        Assert.Contains(buffer, b => b != 0);

        Sodium.MemZero(buffer);
        Assert.All(buffer, b => Assert.Equal(0, b));

        Sodium.RandomBytes(default);
        Sodium.MemZero(default);
    }

    [Fact]
    public void Sealing_and_opening_8_KB_messages_allocates_nothing()
    {
        var (clientKey, serverKey) = SharedKeys();
        var nonce = new byte[Sodium.NonceBytes];
        var buffer = Random(8192);
        var mac = new byte[Sodium.MacBytes];
        var opened = true;

        for (var i = 0; i < 100; i++)
        {
            SealAndOpen();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            SealAndOpen();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(opened);
        Assert.Equal(0, allocated);

        void SealAndOpen()
        {
            nonce[0]++;
            Sodium.BoxDetachedAfterNm(buffer, mac, buffer, nonce, clientKey);
            opened &= Sodium.BoxOpenDetachedAfterNm(buffer, buffer, mac, nonce, serverKey);
        }
    }

    public static TheoryData<string, Action> WrongLengths => new()
    {
        { "publicKey", () => Sodium.BoxKeyPair(new byte[31], new byte[32]) },
        { "secretKey", () => Sodium.BoxKeyPair(new byte[32], new byte[33]) },
        { "publicKey", () => Sodium.ScalarMultBase(new byte[31], new byte[32]) },
        { "secretKey", () => Sodium.ScalarMultBase(new byte[32], new byte[16]) },
        { "sharedKey", () => Sodium.BoxBeforeNm(new byte[31], new byte[32], new byte[32]) },
        { "publicKey", () => Sodium.BoxBeforeNm(new byte[32], new byte[31], new byte[32]) },
        { "secretKey", () => Sodium.BoxBeforeNm(new byte[32], new byte[32], new byte[31]) },
        { "cipher", () => Sodium.BoxDetachedAfterNm(new byte[9], new byte[16], new byte[10], new byte[24], new byte[32]) },
        { "mac", () => Sodium.BoxDetachedAfterNm(new byte[10], new byte[15], new byte[10], new byte[24], new byte[32]) },
        { "nonce", () => Sodium.BoxDetachedAfterNm(new byte[10], new byte[16], new byte[10], new byte[23], new byte[32]) },
        { "sharedKey", () => Sodium.BoxDetachedAfterNm(new byte[10], new byte[16], new byte[10], new byte[24], new byte[31]) },
        { "message", () => Sodium.BoxOpenDetachedAfterNm(new byte[11], new byte[10], new byte[16], new byte[24], new byte[32]) },
        { "mac", () => Sodium.BoxOpenDetachedAfterNm(new byte[10], new byte[10], new byte[17], new byte[24], new byte[32]) },
        { "nonce", () => Sodium.BoxOpenDetachedAfterNm(new byte[10], new byte[10], new byte[16], new byte[25], new byte[32]) },
        { "sharedKey", () => Sodium.BoxOpenDetachedAfterNm(new byte[10], new byte[10], new byte[16], new byte[24], []) },
        { "cipher", () => Sodium.BoxEasy(new byte[25], new byte[10], new byte[24], new byte[32], new byte[32]) },
        { "cipher", () => Sodium.BoxEasy(new byte[10], new byte[10], new byte[24], new byte[32], new byte[32]) },
        { "nonce", () => Sodium.BoxEasy(new byte[26], new byte[10], new byte[8], new byte[32], new byte[32]) },
        { "publicKey", () => Sodium.BoxEasy(new byte[26], new byte[10], new byte[24], new byte[1], new byte[32]) },
        { "secretKey", () => Sodium.BoxEasy(new byte[26], new byte[10], new byte[24], new byte[32], new byte[64]) },
        { "cipher", () => Sodium.BoxOpenEasy([], new byte[15], new byte[24], new byte[32], new byte[32]) },
        { "message", () => Sodium.BoxOpenEasy(new byte[26], new byte[26], new byte[24], new byte[32], new byte[32]) },
        { "nonce", () => Sodium.BoxOpenEasy(new byte[10], new byte[26], [], new byte[32], new byte[32]) },
        { "publicKey", () => Sodium.BoxOpenEasy(new byte[10], new byte[26], new byte[24], new byte[33], new byte[32]) },
        { "secretKey", () => Sodium.BoxOpenEasy(new byte[10], new byte[26], new byte[24], new byte[32], new byte[31]) },
        { "cipher", () => Sodium.SecretBoxEasy(new byte[10], new byte[10], new byte[24], new byte[32]) },
        { "nonce", () => Sodium.SecretBoxEasy(new byte[26], new byte[10], new byte[12], new byte[32]) },
        { "key", () => Sodium.SecretBoxEasy(new byte[26], new byte[10], new byte[24], new byte[16]) },
        { "cipher", () => Sodium.SecretBoxOpenEasy([], new byte[4], new byte[24], new byte[32]) },
        { "message", () => Sodium.SecretBoxOpenEasy(new byte[16], new byte[26], new byte[24], new byte[32]) },
        { "nonce", () => Sodium.SecretBoxOpenEasy(new byte[10], new byte[26], new byte[25], new byte[32]) },
        { "key", () => Sodium.SecretBoxOpenEasy(new byte[10], new byte[26], new byte[24], new byte[33]) },
    };

    [Theory]
    [MemberData(nameof(WrongLengths))]
    public void A_span_of_the_wrong_length_is_refused_before_native_code_runs(string parameter, Action call)
    {
        var e = Assert.Throws<ArgumentException>(call);

        Assert.Equal(parameter, e.ParamName);
    }
}
