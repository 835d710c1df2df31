namespace RuntimeActors.Hosting.Tests;

/// <summary>The README's hosting example runs and answers a libzmq client what it says.</summary>
public sealed class ReadmeTests
{
    // A libzmq REQ in another process: asks for ACME's quote and prints the reply.
    private const string LibzmqRequester = """
        import sys, zmq
        s = zmq.Context.instance().socket(zmq.REQ)
        s.setsockopt(zmq.LINGER, 0)
        s.connect(sys.argv[1])
        s.send_string("ACME")
        print(s.recv_string())
        """;

    [Fact]
    public async Task HostingSocketsQuickStartAnswersALibzmqRequester()
    {
        var timeout = TimeSpan.FromSeconds(30);
        var result = await HostingSocketsQuickStart.RunAsync(endpoint => LibzmqPeer.RunAsync(LibzmqRequester, timeout, endpoint), TestContext.Current.CancellationToken)
            .WaitAsync(timeout, TestContext.Current.CancellationToken);

        Assert.StartsWith("ACME=42.10 from socket-rep-", result, StringComparison.Ordinal);
    }
}
