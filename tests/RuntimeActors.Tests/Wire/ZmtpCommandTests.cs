using RuntimeActors.Wire;

namespace RuntimeActors.Tests.Wire;

public class ZmtpCommandTests
{
    [Theory]
    [InlineData("READY", nameof(ZmtpCommandKind.Ready))]
    [InlineData("ERROR", nameof(ZmtpCommandKind.Error))]
    [InlineData("SUBSCRIBE", nameof(ZmtpCommandKind.Subscribe))]
    [InlineData("CANCEL", nameof(ZmtpCommandKind.Cancel))]
    [InlineData("PING", nameof(ZmtpCommandKind.Ping))]
    [InlineData("PONG", nameof(ZmtpCommandKind.Pong))]
    public void Parse_recognises_the_RFC_37_commands(string name, string kind)
    {
        byte[] body = [(byte)name.Length, .. System.Text.Encoding.ASCII.GetBytes(name), 0xAB, 0xCD];

        var command = ZmtpCommand.Parse(body);

        Assert.Equal(Enum.Parse<ZmtpCommandKind>(kind), command.Kind);
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(name), command.Name.ToArray());
        Assert.Equal([0xAB, 0xCD], command.Data.ToArray());
    }

    [Fact]
    public void Parse_reports_unknown_commands_with_their_name_and_data()
    {
        byte[] body = [5, .. "HELLO"u8, 1, 2, 3];

        var command = ZmtpCommand.Parse(body);

        Assert.Equal(ZmtpCommandKind.Unknown, command.Kind);
        Assert.Equal("HELLO"u8.ToArray(), command.Name.ToArray());
        Assert.Equal([1, 2, 3], command.Data.ToArray());
    }

    [Fact]
    public void Command_names_are_case_sensitive_as_in_libzmq()
    {
        byte[] body = [5, .. "ready"u8];

        Assert.Equal(ZmtpCommandKind.Unknown, ZmtpCommand.Parse(body).Kind);
    }

    [Fact]
    public void A_command_may_have_no_data()
    {
        byte[] body = [4, .. "PONG"u8];

        var command = ZmtpCommand.Parse(body);

        Assert.Equal(ZmtpCommandKind.Pong, command.Kind);
        Assert.True(command.Data.IsEmpty);
    }

    [Fact]
    public void An_empty_command_body_is_malformed()
    {
        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpCommand.Parse([]));

        Assert.Equal(ZmtpError.MalformedCommand, error.Error);
        Assert.Contains("command frame is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_command_name_is_malformed()
    {
        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpCommand.Parse([0, 1, 2]));

        Assert.Equal(ZmtpError.MalformedCommand, error.Error);
        Assert.Contains("command name length is 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_name_running_past_the_body_is_malformed()
    {
        byte[] body = [9, .. "SUB"u8];

        var error = Assert.Throws<ZmtpProtocolException>(() => ZmtpCommand.Parse(body));

        Assert.Equal(ZmtpError.MalformedCommand, error.Error);
        Assert.Contains("command name length is 9 but only 3 bytes follow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_produces_a_command_frame_for_any_name()
    {
        var buffer = new byte[ZmtpCommand.GetFrameLength(5, 2)];

        var written = ZmtpCommand.Write(buffer, "HELLO"u8, [7, 8]);

        Assert.Equal(buffer.Length, written);
        Assert.Equal([0x04, 8, 5, .. "HELLO"u8, 7, 8], buffer);
    }

    [Fact]
    public void Write_uses_a_long_frame_when_the_body_exceeds_255_bytes()
    {
        var data = new byte[300];
        var buffer = new byte[ZmtpCommand.GetFrameLength(4, data.Length)];

        var written = ZmtpCommand.Write(buffer, "TEST"u8, data);

        Assert.Equal(9 + 1 + 4 + 300, written);
        Assert.Equal([0x06, 0, 0, 0, 0, 0, 0, 0x01, 0x31, 4, .. "TEST"u8], buffer[..14]);
    }

    [Fact]
    public void Write_refuses_an_empty_name_and_a_short_destination()
    {
        Assert.Throws<ArgumentException>(() => ZmtpCommand.Write(new byte[16], [], [1]));
        Assert.Throws<ArgumentException>(() => ZmtpCommand.Write(new byte[7], "PING"u8, [1, 2]));
    }
}
