using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Wire;

public class ZmtpErrorCommandTests
{
    [Fact]
    public void Write_produces_the_exact_error_frame()
    {
        var frame = new byte[ZmtpErrorCommand.GetFrameLength("400")];

        var written = ZmtpErrorCommand.Write(frame, "400");

        Assert.Equal(frame.Length, written);
        Assert.Equal([0x04, 10, 5, .. "ERROR"u8, 3, .. "400"u8], frame);
    }

    [Fact]
    public void An_empty_reason_is_allowed()
    {
        var frame = new byte[ZmtpErrorCommand.GetFrameLength("")];

        ZmtpErrorCommand.Write(frame, "");

        Assert.Equal([0x04, 7, 5, .. "ERROR"u8, 0], frame);
    }

    [Fact]
    public void Parse_reads_the_reason_back()
    {
        var frame = new byte[ZmtpErrorCommand.GetFrameLength("Invalid Socket-Type")];
        ZmtpErrorCommand.Write(frame, "Invalid Socket-Type");
        var command = ZmtpCommand.Parse(frame.AsSpan(2));

        Assert.Equal(ZmtpCommandKind.Error, command.Kind);
        Assert.Equal("Invalid Socket-Type", ZmtpErrorCommand.ParseReason(command.Data));
    }

    [Fact]
    public void Parse_escapes_unprintable_bytes_so_the_reason_is_safe_to_log()
    {
        Assert.Equal("bad\\x0Aline\\x1B", ZmtpErrorCommand.ParseReason([9, .. "bad\nline\u001b"u8]));
    }

    [Fact]
    public void Parse_ignores_bytes_after_the_reason_as_libzmq_does()
    {
        Assert.Equal("ok", ZmtpErrorCommand.ParseReason([2, (byte)'o', (byte)'k', 9, 9]));
    }

    [Fact]
    public void A_missing_reason_length_is_malformed()
    {
        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpErrorCommand.ParseReason([]));

        Assert.Equal(ZmtpError.MalformedCommand, error.Error);
        Assert.Contains("ERROR command has no reason length byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reason_running_past_the_command_is_malformed()
    {
        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpErrorCommand.ParseReason([5, (byte)'a', (byte)'b']));

        Assert.Equal(ZmtpError.MalformedCommand, error.Error);
        Assert.Contains("reason length is 5 but only 2 bytes follow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_refuses_reasons_that_do_not_fit_the_grammar()
    {
        var frame = new byte[300];

        Assert.Throws<ArgumentException>(() => ZmtpErrorCommand.Write(frame, new string('x', 256)));
        Assert.Throws<ArgumentException>(() => ZmtpErrorCommand.Write(frame, "tab\there"));
        Assert.Throws<ArgumentException>(() => ZmtpErrorCommand.Write(frame, "caf\u00e9"));
    }
}
