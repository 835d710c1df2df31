using System.Text;
using RuntimeActors.Sockets;
using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Wire;

public class ZmtpReadyCommandTests
{
    // READY from a DEALER with Identity "abc": RFC 37's worked example (size 41 with an empty
    // identity) plus the 3 identity bytes.
    private static readonly byte[] DealerReadyWithIdentityAbc =
    [
        0x04, 44,
        5, .. "READY"u8,
        11, .. "Socket-Type"u8, 0, 0, 0, 6, .. "DEALER"u8,
        8, .. "Identity"u8, 0, 0, 0, 3, .. "abc"u8,
    ];

    // libzmq tests/test_heartbeats.cpp mock_handshake: a DEALER's READY with an empty identity.
    private static readonly byte[] LibzmqDealerReady =
    [
        4, 41, 5, (byte)'R', (byte)'E', (byte)'A', (byte)'D', (byte)'Y', 11, (byte)'S', (byte)'o', (byte)'c', (byte)'k', (byte)'e', (byte)'t',
        (byte)'-', (byte)'T', (byte)'y', (byte)'p', (byte)'e', 0, 0, 0, 6, (byte)'D', (byte)'E', (byte)'A', (byte)'L', (byte)'E', (byte)'R',
        8, (byte)'I', (byte)'d', (byte)'e', (byte)'n', (byte)'t', (byte)'i', (byte)'t', (byte)'y', 0, 0, 0, 0,
    ];

    // libzmq tests/test_mock_pub_sub.cpp mock_handshake: a SUB's READY, which carries no identity.
    private static readonly byte[] LibzmqSubReady =
    [
        4, 25, 5, (byte)'R', (byte)'E', (byte)'A', (byte)'D', (byte)'Y', 11, (byte)'S', (byte)'o', (byte)'c', (byte)'k', (byte)'e',
        (byte)'t', (byte)'-', (byte)'T', (byte)'y', (byte)'p', (byte)'e', 0, 0, 0, 3, (byte)'S', (byte)'U', (byte)'B',
    ];

    [Fact]
    public void Dealer_ready_with_identity_abc_is_exact()
    {
        var metadata = ZmtpMetadata.ForSocket(SocketType.Dealer, "abc"u8);

        Assert.Equal(DealerReadyWithIdentityAbc, Encode(metadata));
    }

    [Fact]
    public void Dealer_ready_with_an_empty_identity_matches_libzmq()
    {
        Assert.Equal(LibzmqDealerReady, Encode(ZmtpMetadata.ForSocket(SocketType.Dealer)));
    }

    [Fact]
    public void Sub_ready_matches_libzmq_and_carries_no_identity()
    {
        Assert.Equal(LibzmqSubReady, Encode(ZmtpMetadata.ForSocket(SocketType.Sub)));
    }

    [Fact]
    public void Router_ready_without_identity_matches_the_RFC_37_worked_example()
    {
        var metadata = new ZmtpMetadata();
        metadata.Add("Socket-Type", "ROUTER");

        Assert.Equal([0x04, 28, 5, .. "READY"u8, 11, .. "Socket-Type"u8, 0, 0, 0, 6, .. "ROUTER"u8], Encode(metadata));
    }

    [Theory]
    [InlineData(SocketType.Req, true)]
    [InlineData(SocketType.Dealer, true)]
    [InlineData(SocketType.Router, true)]
    [InlineData(SocketType.Rep, false)]
    [InlineData(SocketType.Pub, false)]
    [InlineData(SocketType.Pair, false)]
    public void Identity_is_announced_by_the_socket_types_that_route_as_in_libzmq(SocketType type, bool announcesIdentity)
    {
        var metadata = ZmtpMetadata.ForSocket(type);

        Assert.Equal(announcesIdentity, metadata.Contains("Identity"));
    }

    [Fact]
    public void Parse_reads_the_exact_vector_back()
    {
        var command = ZmtpCommand.Parse(DealerReadyWithIdentityAbc.AsSpan(2));

        var metadata = ZmtpReadyCommand.Parse(command.Data);

        Assert.Equal(ZmtpCommandKind.Ready, command.Kind);
        Assert.Equal(SocketType.Dealer, metadata.ReadSocketType());
        Assert.Equal("abc"u8.ToArray(), metadata.Identity.ToArray());
        Assert.Equal(["Socket-Type", "Identity"], metadata.Properties.Select(p => p.Name));
    }

    [Fact]
    public void Property_names_are_case_insensitive()
    {
        byte[] data = [11, .. "socket-TYPE"u8, 0, 0, 0, 4, .. "xpub"u8, 8, .. "IDENTITY"u8, 0, 0, 0, 1, (byte)'x'];

        var metadata = ZmtpReadyCommand.Parse(data);

        Assert.Equal(SocketType.XPub, metadata.ReadSocketType());
        Assert.True(metadata.TryGetValue("Identity", out var identity));
        Assert.Equal("x"u8.ToArray(), identity.ToArray());
    }

    [Fact]
    public void Arbitrary_properties_round_trip_in_order()
    {
        var metadata = ZmtpMetadata.ForSocket(SocketType.Pair);
        metadata.Add("X-Application", "demo");
        metadata.Add("Resource", "system/name-service/test");
        metadata.Add("X-Empty", ReadOnlySpan<byte>.Empty);
        metadata.Add("X-Binary", [0, 255, 1]);
        var frame = Encode(metadata);

        var parsed = ZmtpReadyCommand.Parse(ZmtpCommand.Parse(frame.AsSpan(2)).Data);

        Assert.Equal(metadata.Properties.Select(p => p.Name), parsed.Properties.Select(p => p.Name));
        Assert.True(parsed.TryGetValue("x-application", out var application));
        Assert.Equal("demo", Encoding.ASCII.GetString(application.Span));
        Assert.True(parsed.TryGetValue("RESOURCE", out var resource));
        Assert.Equal("system/name-service/test", Encoding.ASCII.GetString(resource.Span));
        Assert.True(parsed.TryGetValue("X-Empty", out var empty));
        Assert.True(empty.IsEmpty);
        Assert.True(parsed.TryGetValue("X-Binary", out var binary));
        Assert.Equal([0, 255, 1], binary.ToArray());
        Assert.False(parsed.TryGetValue("X-Missing", out _));
    }

    [Fact]
    public void A_ready_larger_than_255_bytes_uses_a_long_frame()
    {
        var metadata = ZmtpMetadata.ForSocket(SocketType.Push);
        metadata.Add("X-Big", new byte[300]);

        var frame = Encode(metadata);

        Assert.Equal(0x06, frame[0]);
        Assert.Equal(frame.Length - 9, (int)System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(frame.AsSpan(1)));
        Assert.Equal(300, ZmtpReadyCommand.Parse(ZmtpCommand.Parse(frame.AsSpan(9)).Data).Properties[1].Value.Length);
    }

    [Fact]
    public void Empty_metadata_is_valid()
    {
        Assert.Empty(ZmtpReadyCommand.Parse([]).Properties);
    }

    public static TheoryData<byte[], string> MalformedMetadata => new()
    {
        { [0, 0, 0, 0, 0], "property at offset 0 has an empty name" },
        { [11, .. "Socket"u8], "property at offset 0 is truncated" },
        { [11, .. "Socket-Type"u8, 0, 0, 0], "property at offset 0 is truncated" },
        { [8, .. "Identity"u8, 0, 0, 0, 0, 3, .. "abc"u8], "property at offset 13 is truncated" },
        { [11, .. "Socket-Type"u8, 0, 0, 0, 9, .. "DEALER"u8], "property \"Socket-Type\" has a value length of 9 but only 6 bytes remain" },
        { [1, (byte)'X', 0x80, 0, 0, 0], "property \"X\" has a value length of 2147483648; values are at most 2^31-1 bytes" },
        { [1, (byte)'A', 0, 0, 0, 0, 1, (byte)'a', 0, 0, 0, 0], "property \"a\" appears more than once" },
    };

    [Theory]
    [MemberData(nameof(MalformedMetadata))]
    public void Malformed_metadata_is_rejected_with_the_fault_named(byte[] data, string expected)
    {
        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpReadyCommand.Parse(data));

        Assert.Equal(ZmtpError.MalformedMetadata, error.Error);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_socket_type_is_reported_when_read()
    {
        var metadata = ZmtpReadyCommand.Parse([8, .. "Identity"u8, 0, 0, 0, 0]);

        var error = Assert.Throws<ZmtpProtocolException>(() => metadata.ReadSocketType());

        Assert.Equal(ZmtpError.MissingSocketType, error.Error);
        Assert.Contains("no Socket-Type property", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_socket_type_is_reported_with_its_name()
    {
        var metadata = ZmtpReadyCommand.Parse([11, .. "Socket-Type"u8, 0, 0, 0, 6, .. "SERVER"u8]);

        var error = Assert.Throws<ZmtpProtocolException>(() => metadata.ReadSocketType());

        Assert.Equal(ZmtpError.UnknownSocketType, error.Error);
        Assert.Contains("\"SERVER\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Has Space")]
    [InlineData("Colon:")]
    public void Add_refuses_names_outside_the_grammar(string name)
    {
        var metadata = new ZmtpMetadata();

        Assert.Throws<ArgumentException>(() => metadata.Add(name, "value"));
    }

    [Fact]
    public void Add_refuses_a_name_longer_than_255()
    {
        var metadata = new ZmtpMetadata();

        Assert.Throws<ArgumentException>(() => metadata.Add(new string('A', 256), "value"));
    }

    [Fact]
    public void Add_refuses_a_repeated_name_in_any_case()
    {
        var metadata = ZmtpMetadata.ForSocket(SocketType.Pair);

        Assert.Throws<ArgumentException>(() => metadata.Add("SOCKET-TYPE", "PAIR"));
    }

    [Fact]
    public void Identities_are_limited_to_255_bytes_not_starting_with_zero()
    {
        Assert.Throws<ArgumentException>(() => ZmtpMetadata.ForSocket(SocketType.Dealer, new byte[256]));
        Assert.Throws<ArgumentException>(() => ZmtpMetadata.ForSocket(SocketType.Dealer, [0, 1]));
        Assert.Equal(255, ZmtpMetadata.ForSocket(SocketType.Dealer, Enumerable.Repeat((byte)'i', 255).ToArray()).Identity.Length);
    }

    [Fact]
    public void Write_refuses_a_short_destination()
    {
        var metadata = ZmtpMetadata.ForSocket(SocketType.Dealer);

        Assert.Throws<ArgumentException>(() => ZmtpReadyCommand.Write(new byte[ZmtpReadyCommand.GetFrameLength(metadata) - 1], metadata));
    }

    private static byte[] Encode(ZmtpMetadata metadata)
    {
        var frame = new byte[ZmtpReadyCommand.GetFrameLength(metadata)];
        var written = ZmtpReadyCommand.Write(frame, metadata);
        Assert.Equal(frame.Length, written);
        return frame;
    }
}
