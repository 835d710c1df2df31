// The code between the snippet markers is quoted verbatim in README.md (checked by ReadmeTests in
// RuntimeActors.Actors.Tests); the test below runs it.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RuntimeActors.Actors;

namespace RuntimeActors.Hosting.Tests;

// begin-snippet: hosting-quickstart
public sealed class Counter : ReceiveActor
{
    private int _count;

    public Counter() => Receive<string>(_ => Sender.Tell(++_count, Self));
}

public static class HostingQuickStart
{
    public static async Task<int> RunAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddRuntimeActors("app", actors => actors.WithActor<Counter>("counter"));
        using var host = builder.Build();
        await host.StartAsync();

        var counter = host.Services.GetRequiredService<IActorRegistry>().Get("counter");
        var count = await counter.Ask<int>("tick", TimeSpan.FromSeconds(3)); // 1

        await host.StopAsync(); // terminates the actor system gracefully
        return count;
    }
}
// end-snippet

public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task The_hosting_quickstart_runs_and_answers() =>
        Assert.Equal(1, await HostingQuickStart.RunAsync());
}
