namespace RuntimeActors.Transports.Vsock.Uml.Tests;

/// <summary>CURVE and ZAP between virtual machines' transports: the handshake and sealed frames over vsock and vmci.</summary>
public sealed class CurveTests
{
    public CurveTests() => Uml.EnsureInside();

    [Theory]
    [InlineData("vsock")]
    [InlineData("vmci")]
    public async Task Curve_carries_messages_both_ways_and_zap_names_the_client(string transport)
    {
        using var deadline = Uml.Deadline();
        var token = deadline.Token;
        var serverKeys = CurveKeyPair.Generate();
        var clientKeys = CurveKeyPair.Generate();
        await using var runtime = SocketRuntime.Create(b => b.AddVsock().AddVmci());
        using var zap = runtime.UseZapHandler(new ZapAuthenticator().AllowCurve(clientKeys.PublicKeyZ85).HandleAsync);
        await using var server = runtime.CreateSocket(SocketType.Dealer, new SocketOptions { Linger = TimeSpan.Zero }.UseCurveServer(serverKeys));
        await using var client = runtime.CreateSocket(SocketType.Dealer, new SocketOptions { Linger = TimeSpan.Zero }.UseCurveClient(serverKeys.PublicKeyZ85, clientKeys));
        var endpoint = await server.BindAsync($"{transport}://1:*", token);
        await client.ConnectAsync(endpoint, token);

        await client.SendAsync(ZMessage.FromStrings("sealed", "over", transport), token);
        var received = await server.ReceiveAsync(token);
        Assert.Equal(["sealed", "over", transport], received.GetStrings());
        Assert.Equal(clientKeys.PublicKeyZ85, received.UserId);

        await server.SendAsync(ZMessage.FromStrings("back"), token);
        Assert.Equal(["back"], (await client.ReceiveAsync(token)).GetStrings());
    }

    [Theory]
    [InlineData("vsock")]
    [InlineData("vmci")]
    public async Task A_client_with_the_wrong_server_key_is_refused_with_a_cryptographic_error(string transport)
    {
        using var deadline = Uml.Deadline();
        var token = deadline.Token;
        await using var runtime = SocketRuntime.Create(b => b.AddVsock().AddVmci());
        await using var server = runtime.CreateSocket(SocketType.Pull, new SocketOptions { Linger = TimeSpan.Zero }.UseCurveServer(CurveKeyPair.Generate()));
        var events = EventSink.Watch(runtime, server);
        await using var client = runtime.CreateSocket(SocketType.Push, new SocketOptions { Linger = TimeSpan.Zero }.UseCurveClient(CurveKeyPair.Generate().PublicKeyZ85));
        var endpoint = await server.BindAsync($"{transport}://1:*", token);
        await client.ConnectAsync(endpoint, token);

        var failed = await EventSink.NextAsync(events, SocketEventKind.HandshakeFailedProtocol, token);
        Assert.Equal(ZmqProtocolError.ZmtpCryptographic, failed.ProtocolError);
    }
}
