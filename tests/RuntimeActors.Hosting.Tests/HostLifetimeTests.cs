using System.Net;
using System.Net.Sockets;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RuntimeActors.Hosting.Tests;

/// <summary>The hosting extensions in a host built as an application builds it: the issue's shape, a failed bind, and the host's stop.</summary>
public sealed class HostLifetimeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>A key for these tests' sockets.</summary>
    private sealed class Ticker;

    [Fact]
    public async Task TheIssuesShapeBuildsAHostWithTheRuntimeServices()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSocketRuntimeServices();
        builder.Services.AddAkka("app", (builder, provider) => builder
            .WithSocketRuntime(t => t.AddTcp().AddIpc().AddVsock())
            .WithSocket<Ticker>(SocketType.Pub, s => s.Bind("tcp://*:5556")));
        using var host = builder.Build();

        // Not started: port 5556 may be another program's on this machine. The services are there to resolve.
        Assert.NotNull(host.Services.GetRequiredService<IRequiredSocket<Ticker>>());
        Assert.NotNull(host.Services.GetRequiredService<IRequiredActor<Ticker>>());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task StoppingTheHostClosesTheSocketAndFreesItsPort()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSocketRuntimeServices();
        builder.Services.AddAkka("lifetime", (akka, _) => akka
            .WithSocketRuntime(t => t.AddTcp())
            .WithSocket<Ticker>(SocketType.Pub, s => s.Bind("tcp://127.0.0.1:*")));
        using var host = builder.Build();
        await host.StartAsync(cancellation).WaitAsync(Patience, cancellation);
        var socket = await host.Services.GetRequiredService<IRequiredSocket<Ticker>>().GetAsync(cancellation);
        var port = new Uri(socket.LastEndpoint!).Port;

        await host.StopAsync(cancellation).WaitAsync(Patience, cancellation);

        var error = await Assert.ThrowsAsync<ZmqException>(() => socket.SendAsync(ZMessage.FromStrings("late"), cancellation).AsTask());
        Assert.NotEqual(ZmqError.WouldBlock, error.Error);
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start(); // the socket's listener is gone
    }

    [Fact]
    public async Task ABindThatFailsFailsTheHostsStart()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka("bad-bind", (akka, _) => akka
            .WithSocketRuntime(t => t.AddTcp())
            .WithSocket<Ticker>(SocketType.Pub, s => s.Bind("nosuch://127.0.0.1:1")));
        using var host = builder.Build();

        var error = await Record.ExceptionAsync(() => host.StartAsync(cancellation).WaitAsync(Patience, cancellation));

        output.WriteLine(error?.ToString() ?? "no error");
        Assert.IsType<ZmqException>(error is AggregateException { InnerException: { } inner } ? inner : error);
        await host.StopAsync(cancellation).WaitAsync(Patience, cancellation);
    }
}
