using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RuntimeActors;
using RuntimeActors.Hosting;

namespace RuntimeActors.Hosting.Tests;

// begin-snippet: hosting-sockets
/// <summary>The key a hosted socket is registered under: here the REP socket that answers quotes.</summary>
public sealed class QuoteService;

public static class HostingSocketsQuickStart
{
    /// <param name="askFromOutside">A ZeroMQ REQ client in another process (libzmq, pyzmq, NetMQ) that asks the endpoint and returns the reply.</param>
    public static async Task<string> RunAsync(Func<string, Task<string>> askFromOutside, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSocketRuntimeServices(); // SocketRuntime, SocketRegistry, IRequiredSocket<TKey>
        builder.Services.AddAkka("app", (akka, provider) => akka
            .WithSocketRuntime(t => t.AddTcp())
            .WithSocket<QuoteService>(SocketType.Rep, s => s.Bind("tcp://127.0.0.1:*")));
        using var host = builder.Build();
        await host.StartAsync(cancellationToken); // creates the socket and binds it

        // The socket's .NET face and its actor, both found by key.
        var service = await host.Services.GetRequiredService<IRequiredSocket<QuoteService>>().GetAsync(cancellationToken);
        var actor = await host.Services.GetRequiredService<IRequiredActor<QuoteService>>().GetAsync(cancellationToken);

        var asking = askFromOutside(service.LastEndpoint!);
        var request = await service.ReceiveAsync(cancellationToken);
        await service.SendAsync(ZMessage.FromStrings($"{request.GetString(0)}=42.10"), cancellationToken);
        var reply = await asking;

        await host.StopAsync(cancellationToken); // closes the socket, then terminates the actor system
        return $"{reply} from {actor.Path.Name}";
    }
}
// end-snippet
