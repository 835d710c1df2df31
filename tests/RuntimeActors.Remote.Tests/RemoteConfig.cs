using Akka.Configuration;
using RuntimeActors.TestKit;

namespace RuntimeActors.Remote.Tests;

/// <summary>HOCON of the tests' actor systems: nothing about serialization, which the runtime binds itself.</summary>
internal static class RemoteConfig
{
    /// <summary>An Akka.Remote node on a free loopback port.</summary>
    public static Config Node() => ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        """).WithFallback(TestKitConfig.Default("WARNING"));

    /// <summary>A local system whose every message goes through serialization, as if it crossed nodes.</summary>
    public static Config SerializeEverything() => ConfigurationFactory.ParseString("""
        akka.actor.serialize-messages = on
        akka.actor.serialize-creators = off
        """).WithFallback(TestKitConfig.Default("WARNING"));
}
