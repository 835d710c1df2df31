using RuntimeActors.Transports.Vsock.Tests;

namespace RuntimeActors.Transports.Vsock.Uml.Tests;

public sealed class ReadmeExampleTests
{
    public ReadmeExampleTests() => Uml.EnsureInside();

    [Fact]
    public async Task The_README_quickstart_runs_and_answers() =>
        Assert.Equal("hello vsock", await VsockQuickStart.RunAsync().WaitAsync(Uml.Timeout));
}
