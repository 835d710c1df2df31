using System.Globalization;
using Akka.Configuration;

namespace RuntimeActors.TestKit;

/// <summary>HOCON for the actor system of a protocol test.</summary>
public static class TestKitConfig
{
    /// <summary>
    /// Akka.TestKit's time factor from <see cref="Patience.TimeFactor"/>, socket logs at <paramref name="logLevel"/>, and
    /// dead letters quiet (closing sockets leave some behind, by design).
    /// </summary>
    public static Config Default(string logLevel = "INFO") => ConfigurationFactory.ParseString(
        string.Create(CultureInfo.InvariantCulture, $$"""
            akka.test.timefactor = {{Patience.TimeFactor}}
            akka.loglevel = {{logLevel}}
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            """));
}
