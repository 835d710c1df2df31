// The code between the snippet markers is quoted verbatim in README.md (checked by ReadmeTests in
// RuntimeActors.EndToEnd.Tests); the test below runs it.
namespace RuntimeActors.Interop.Tests.Pgm;

// begin-snippet: pgm-quickstart
public static class MulticastQuickStart
{
    /// <summary>A publisher and a subscriber on one multicast group, as two processes or machines would be.</summary>
    public static async Task<string> RunAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        await using var runtime = SocketRuntime.Create(transports => transports.AddPgm());
        var options = new SocketOptions { MulticastRate = 10_000 }; // kbit/s; libzmq's default, 100, is a trickle

        await using var sub = runtime.CreateSocket(SocketType.Sub, options);
        sub.Subscribe("weather.");
        await sub.ConnectAsync(endpoint, cancellationToken);

        await using var pub = runtime.CreateSocket(SocketType.Pub, options);
        await pub.ConnectAsync(endpoint, cancellationToken); // bind would do the same: both join the group

        // A receiver starts at the first packet it hears, so publish until the subscriber has one.
        while (true)
        {
            await pub.SendAsync(ZMessage.FromStrings("weather.paris", "sunny"), cancellationToken);
            using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            pause.CancelAfter(TimeSpan.FromMilliseconds(100));
            try
            {
                var message = await sub.ReceiveAsync(pause.Token);
                return string.Join(' ', message.GetStrings());
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }
}
// end-snippet

public sealed class EpgmReadmeExample
{
    [Fact]
    public async Task The_readme_multicast_example_delivers_over_epgm()
    {
        using var patience = new CancellationTokenSource(ZmqPeer.Patience);
        Assert.Equal("weather.paris sunny", await MulticastQuickStart.RunAsync(MulticastEndpoints.Next(), patience.Token));
    }
}
