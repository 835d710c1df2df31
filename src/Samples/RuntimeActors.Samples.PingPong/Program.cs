using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RuntimeActors.Hosting;
using RuntimeActors.Samples.PingPong;

// The content root is the program's folder so that its appsettings.json is found from any working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--rounds"] = $"{PingPongOptions.SectionName}:{nameof(PingPongOptions.Rounds)}" });
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

builder.Services.AddOptions<PingPongOptions>()
    .BindConfiguration(PingPongOptions.SectionName)
    .Validate(options => options.Rounds >= 1, "PingPong:Rounds (or --rounds) must be at least 1.")
    .ValidateOnStart();
builder.Services.AddRuntimeActors("pingpong", actors => actors
    .WithActor<PongActor>("pong")
    .WithActor<PingActor>("ping")
    .WithStartup("serve", (_, registry, _) =>
    {
        registry.Get("ping").Tell(PingActor.Serve.Instance, null);
        return Task.CompletedTask;
    }));

using var host = builder.Build();
await host.RunAsync();
return 0;
