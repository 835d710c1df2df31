namespace RuntimeActors.Tests.Security;

public class Z85Tests
{
    // RFC 32 "Test Case".
    private static readonly byte[] HelloWorldBytes = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];

    [Fact]
    public void Encode_gives_the_RFC_32_test_vector()
    {
        Assert.Equal("HelloWorld", Z85.Encode(HelloWorldBytes));
    }

    [Fact]
    public void Decode_gives_the_RFC_32_test_vector()
    {
        Assert.Equal(HelloWorldBytes, Z85.Decode("HelloWorld"));
        Assert.Equal(HelloWorldBytes, Z85.Decode("HelloWorld".AsSpan()));
    }

    [Theory]
    [InlineData("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7")]
    [InlineData("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6")]
    [InlineData("Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID")]
    [InlineData("D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs")]
    public void The_zmq_curve_example_keys_decode_to_32_bytes_and_encode_back(string key)
    {
        var bytes = Z85.Decode(key);

        Assert.Equal(32, bytes.Length);
        Assert.Equal(key, Z85.Encode(bytes));
    }

    [Fact]
    public void Every_byte_value_survives_a_round_trip()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        Assert.Equal(bytes, Z85.Decode(Z85.Encode(bytes)));
    }

    [Fact]
    public void Empty_input_is_empty_output()
    {
        Assert.Equal("", Z85.Encode([]));
        Assert.Empty(Z85.Decode(""));
    }

    [Fact]
    public void The_largest_group_is_2_to_the_32_minus_1()
    {
        Assert.Equal("%nSc0", Z85.Encode([0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, Z85.Decode("%nSc0"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(31)]
    public void Encode_rejects_a_length_that_is_not_a_multiple_of_4(int length)
    {
        var e = Assert.Throws<ArgumentException>(() => Z85.Encode(new byte[length]));

        Assert.Equal("data", e.ParamName);
        Assert.Contains($"{length} bytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hell")]
    [InlineData("HelloWorl")]
    [InlineData("HelloWorld!")]
    public void Decode_rejects_a_length_that_is_not_a_multiple_of_5(string text)
    {
        var e = Assert.Throws<FormatException>(() => Z85.Decode(text));

        Assert.Contains($"has {text.Length}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hello orld", 5)]
    [InlineData("HelloWorl\"", 9)]
    [InlineData("~elloWorld", 0)]
    [InlineData("HelloWorl\u00e9", 9)]
    [InlineData("Hello\0orld", 5)]
    public void Decode_names_a_character_outside_the_alphabet_and_its_offset(string text, int offset)
    {
        var e = Assert.Throws<FormatException>(() => Z85.Decode(text));

        Assert.Contains($"'{text[offset]}'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {offset}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%nSc1", 0)]
    [InlineData("#####", 0)]
    [InlineData("Hello%nSc1", 5)]
    public void Decode_rejects_a_group_above_32_bits(string text, int offset)
    {
        var e = Assert.Throws<FormatException>(() => Z85.Decode(text));

        Assert.Contains($"offset {offset}", e.Message, StringComparison.Ordinal);
        Assert.Contains("32 bits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => Z85.Decode((string)null!));
    }

    [Fact]
    public void TryEncode_writes_into_an_exact_destination()
    {
        var text = new char[10];

        Assert.True(Z85.TryEncode(HelloWorldBytes, text, out var written));

        Assert.Equal(10, written);
        Assert.Equal("HelloWorld", new string(text));
    }

    [Fact]
    public void TryEncode_returns_false_for_a_short_destination_or_a_bad_length()
    {
        Assert.False(Z85.TryEncode(HelloWorldBytes, new char[9], out var written));
        Assert.Equal(0, written);

        Assert.False(Z85.TryEncode(new byte[5], new char[10], out written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void TryDecode_writes_into_a_larger_destination()
    {
        var bytes = new byte[12];

        Assert.True(Z85.TryDecode("HelloWorld", bytes, out var written));

        Assert.Equal(8, written);
        Assert.Equal(HelloWorldBytes, bytes[..8]);
        Assert.All(bytes[8..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryDecode_returns_false_for_a_short_destination_without_writing()
    {
        var bytes = new byte[7];

        Assert.False(Z85.TryDecode("HelloWorld", bytes, out var written));

        Assert.Equal(0, written);
        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData("HelloWorl")]
    [InlineData("Hello Worl")]
    [InlineData("%nSc1")]
    public void TryDecode_returns_false_for_invalid_text(string text)
    {
        Assert.False(Z85.TryDecode(text, new byte[8], out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void TryEncode_and_TryDecode_allocate_nothing()
    {
        Span<char> text = stackalloc char[40];
        Span<byte> key = stackalloc byte[32];
        Z85.TryDecode("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", key, out _);
        Z85.TryEncode(key, text, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Z85.TryEncode(key, text, out _);
            Z85.TryDecode(text, key, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", new string(text));
    }
}
