using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RuntimeActors.TestKit;

namespace RuntimeActors.Hosting.Tests;

/// <summary>Real generic hosts for the tests: no ambient configuration, every log line recorded, the container validated.</summary>
internal static class TestHost
{
    /// <summary>How long a test waits for an event before it fails.</summary>
    public static TimeSpan Timeout { get; } = TestKitSettings.Dilated(TimeSpan.FromSeconds(5));

    public static HostApplicationBuilder CreateBuilder(RecordingLoggerProvider logs, IEnumerable<KeyValuePair<string, string?>>? configuration = null)
    {
        // Defaults off: environment variables or an appsettings.json of the machine must not change what a test sees.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        return builder;
    }
}
