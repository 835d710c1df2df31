namespace RuntimeActors.EndToEnd.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task Push_to_pull_over_tcp()
    {
        await using var runtime = SocketRuntime.Create(b => b.AddTcp());
        await using var push = runtime.CreateSocket(SocketType.Push);
        await using var pull = runtime.CreateSocket(SocketType.Pull);
        var endpoint = await push.BindAsync("tcp://127.0.0.1:*");
        await pull.ConnectAsync(endpoint);
        await push.SendAsync("hello", "world");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var message = await pull.ReceiveAsync(cts.Token);
        Assert.Equal(["hello", "world"], message.Select(f => System.Text.Encoding.UTF8.GetString(f.Span)));
    }
}
