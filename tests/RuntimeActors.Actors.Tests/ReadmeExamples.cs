// The code between the snippet markers is quoted verbatim in README.md; ReadmeTests checks that the two
// agree, so the README's example is compiled and run with every test run.
namespace RuntimeActors.Actors.Tests;

// begin-snippet: kernel-quickstart
public sealed record Greet(string Name);

public sealed class Greeter : ReceiveActor
{
    private int _greeted;

    public Greeter()
    {
        Receive<Greet>(greet => Sender.Tell($"Hello, {greet.Name} (#{++_greeted})", Self));
    }
}

public static class QuickStart
{
    public static async Task<string> RunAsync()
    {
        await using var system = ActorSystem.Create("quickstart");
        var greeter = system.ActorOf(Props.Create<Greeter>(), "greeter");

        await greeter.Ask<string>(new Greet("actors"), TimeSpan.FromSeconds(3));
        return await greeter.Ask<string>(new Greet("README"), TimeSpan.FromSeconds(3)); // "Hello, README (#2)"
    }
}
// end-snippet
