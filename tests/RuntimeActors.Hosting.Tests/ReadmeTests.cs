namespace RuntimeActors.Hosting.Tests;

/// <summary>The README's hosting example runs and answers what it says.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public async Task HostingSocketsQuickStartGetsAReplyFromTheHostedSocket()
    {
        var result = await HostingSocketsQuickStart.RunAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.StartsWith("ACME=42.10 from socket-rep-", result, StringComparison.Ordinal);
    }
}
