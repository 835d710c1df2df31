using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Wire;

public class ZmtpGreetingTests
{
    // RFC 37 "Worked Example": signature, 3.1, "NULL" null-padded to 20 bytes, as-server 0, 31 zero bytes of filler.
    private static readonly byte[] NullClientGreeting31 =
    [
        0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F,
        0x03, 0x01,
        (byte)'N', (byte)'U', (byte)'L', (byte)'L', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0x00,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    [Fact]
    public void Null_client_greeting_is_the_exact_64_bytes_of_RFC_37()
    {
        var greeting = new byte[ZmtpGreeting.Length];

        ZmtpGreeting.Write(greeting, "NULL", asServer: false);

        Assert.Equal(64, NullClientGreeting31.Length);
        Assert.Equal(NullClientGreeting31, greeting);
    }

    [Fact]
    public void As_server_sets_byte_32_only()
    {
        var greeting = new byte[ZmtpGreeting.Length];

        ZmtpGreeting.Write(greeting, "PLAIN", asServer: true);

        Assert.Equal("PLAIN"u8.ToArray(), greeting[12..17]);
        Assert.Equal(1, greeting[32]);
        Assert.All(greeting[33..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Write_overwrites_whatever_the_buffer_held()
    {
        var greeting = Enumerable.Repeat((byte)0xAA, ZmtpGreeting.Length).ToArray();

        ZmtpGreeting.Write(greeting, "NULL", asServer: false);

        Assert.Equal(NullClientGreeting31, greeting);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("TWENTY-ONE-CHARACTERS")]
    [InlineData("NU LL")]
    public void Write_rejects_invalid_mechanism_names(string mechanism)
    {
        var greeting = new byte[ZmtpGreeting.Length];

        Assert.Throws<ArgumentException>(() => ZmtpGreeting.Write(greeting, mechanism, asServer: false));
    }

    [Fact]
    public void Write_rejects_a_destination_shorter_than_64_bytes()
    {
        var greeting = new byte[63];

        Assert.Throws<ArgumentException>(() => ZmtpGreeting.Write(greeting, "NULL", asServer: false));
    }

    [Fact]
    public void Parse_accepts_our_own_greeting_as_ZMTP_3_1()
    {
        var peer = ZmtpGreeting.Parse(NullClientGreeting31, "NULL");

        Assert.Equal(new ZmtpPeerGreeting(3, 1, AsServer: false), peer);
        Assert.True(peer.UsesSubscriptionCommands);
    }

    [Fact]
    public void Parse_reports_a_ZMTP_3_0_peer_so_callers_use_subscription_messages()
    {
        // The greeting libzmq's own tests (test_mock_pub_sub.cpp) send to mock a ZMTP 3.0 peer.
        var greeting = new byte[ZmtpGreeting.Length];
        byte[] libzmqMock = [0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 3, 0, (byte)'N', (byte)'U', (byte)'L', (byte)'L', 0];
        libzmqMock.CopyTo(greeting, 0);

        var peer = ZmtpGreeting.Parse(greeting, "NULL");

        Assert.Equal(3, peer.MajorVersion);
        Assert.Equal(0, peer.MinorVersion);
        Assert.False(peer.UsesSubscriptionCommands);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(4, 0)]
    [InlineData(255, 255)]
    public void Parse_accepts_higher_versions_as_RFC_37_requires(byte major, byte minor)
    {
        var greeting = (byte[])NullClientGreeting31.Clone();
        greeting[10] = major;
        greeting[11] = minor;

        var peer = ZmtpGreeting.Parse(greeting, "NULL");

        Assert.Equal(major, peer.MajorVersion);
        Assert.Equal(minor, peer.MinorVersion);
        Assert.True(peer.UsesSubscriptionCommands);
    }

    [Fact]
    public void Padding_bytes_are_not_validated()
    {
        var greeting = (byte[])NullClientGreeting31.Clone();
        for (var i = 1; i <= 8; i++)
        {
            greeting[i] = (byte)(0x10 + i);
        }

        var peer = ZmtpGreeting.Parse(greeting, "NULL");

        Assert.Equal(1, peer.MinorVersion);
    }

    [Fact]
    public void Filler_bytes_are_not_validated()
    {
        var greeting = (byte[])NullClientGreeting31.Clone();
        greeting[63] = 0x55;

        var peer = ZmtpGreeting.Parse(greeting, "NULL");

        Assert.Equal(3, peer.MajorVersion);
    }

    [Fact]
    public void Prefix_validation_rejects_a_bad_first_byte_as_soon_as_it_arrives()
    {
        byte[] received = [(byte)'G'];

        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpGreeting.ValidatePrefix(received));

        Assert.Equal(ZmtpError.BadSignature, error.Error);
        Assert.Contains("greeting signature byte 0 is 0x47, expected 0xFF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prefix_validation_rejects_a_bad_signature_end_in_the_first_10_bytes()
    {
        var received = NullClientGreeting31[..10];
        received[9] = 0x01;

        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpGreeting.ValidatePrefix(received));

        Assert.Equal(ZmtpError.BadSignature, error.Error);
        Assert.Contains("byte 9 is 0x01, expected 0x7F", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Prefix_validation_rejects_major_versions_below_3_in_the_first_11_bytes(byte major)
    {
        var received = NullClientGreeting31[..11];
        received[10] = major;

        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpGreeting.ValidatePrefix(received));

        Assert.Equal(ZmtpError.UnsupportedVersion, error.Error);
        Assert.Contains($"major version {major}", error.Message, StringComparison.Ordinal);
        Assert.Contains("ZMTP 3.0 and later", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prefix_validation_accepts_every_prefix_of_a_valid_greeting()
    {
        for (var length = 0; length <= ZmtpGreeting.Length; length++)
        {
            ZmtpGreeting.ValidatePrefix(NullClientGreeting31.AsSpan(0, length));
        }
    }

    [Fact]
    public void Prefix_validation_of_the_first_10_bytes_leaves_the_version_for_later()
    {
        // Byte 10 has not arrived, so a ZMTP 2.0 peer is not yet detectable.
        var signatureOnly = NullClientGreeting31[..ZmtpGreeting.SignatureLength];

        ZmtpGreeting.ValidatePrefix(signatureOnly);

        var withVersion = NullClientGreeting31[..ZmtpGreeting.VersionDetectionLength];
        withVersion[10] = 1;
        Assert.Throws<ZmtpProtocolException>(() => ZmtpGreeting.ValidatePrefix(withVersion));
    }

    [Fact]
    public void Parse_rejects_a_different_mechanism_and_names_both()
    {
        var greeting = new byte[ZmtpGreeting.Length];
        ZmtpGreeting.Write(greeting, "CURVE", asServer: true);

        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpGreeting.Parse(greeting, "NULL"));

        Assert.Equal(ZmtpError.MechanismMismatch, error.Error);
        Assert.Contains("\"CURVE\", expected \"NULL\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_a_mechanism_that_only_matches_up_to_the_padding()
    {
        var greeting = (byte[])NullClientGreeting31.Clone();
        greeting[16] = (byte)'X';

        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpGreeting.Parse(greeting, "NULL"));

        Assert.Equal(ZmtpError.MechanismMismatch, error.Error);
        Assert.Contains("NULLX", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_an_as_server_byte_other_than_0_or_1()
    {
        var greeting = (byte[])NullClientGreeting31.Clone();
        greeting[32] = 2;

        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpGreeting.Parse(greeting, "NULL"));

        Assert.Equal(ZmtpError.MalformedGreeting, error.Error);
        Assert.Contains("as-server byte is 0x02", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_checks_the_signature_and_version_too()
    {
        var badSignature = (byte[])NullClientGreeting31.Clone();
        badSignature[0] = 0;
        var oldVersion = (byte[])NullClientGreeting31.Clone();
        oldVersion[10] = 2;

        Assert.Equal(ZmtpError.BadSignature, Assert.Throws<ZmtpProtocolException>(() => ZmtpGreeting.Parse(badSignature, "NULL")).Error);
        Assert.Equal(ZmtpError.UnsupportedVersion, Assert.Throws<ZmtpProtocolException>(() => ZmtpGreeting.Parse(oldVersion, "NULL")).Error);
    }

    [Fact]
    public void Parse_requires_exactly_64_bytes()
    {
        var partial = NullClientGreeting31[..11];

        Assert.Throws<ArgumentException>(() => ZmtpGreeting.Parse(partial, "NULL"));
    }
}
