namespace RuntimeActors.Cluster.Tests;

/// <summary>Settings that would make a bridge do nothing, or half of something, are refused before any actor starts.</summary>
public sealed class ZeroMqTopicBridgeSettingsTests
{
    [Fact]
    public void ABridgeWithNeitherSideIsRefused() =>
        Assert.Throws<ArgumentException>(() => ZeroMqTopicBridge.Props(new ZeroMqTopicBridgeSettings()));

    [Fact]
    public void OutboundTopicsWithoutAnEndpointAreRefused()
    {
        var settings = new ZeroMqTopicBridgeSettings();
        settings.Outbound.Topics.Add("prices");

        Assert.Contains("no endpoint", Assert.Throws<ArgumentException>(settings.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInboundSubWithoutPrefixesIsRefusedBecauseItWouldTakeNothing()
    {
        var settings = new ZeroMqTopicBridgeSettings();
        settings.Inbound.Connects.Add("tcp://127.0.0.1:5556");

        Assert.Contains("no prefixes", Assert.Throws<ArgumentException>(settings.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutboundSocketOtherThanPubOrXPubIsRefused()
    {
        var settings = new ZeroMqTopicBridgeSettings();
        settings.Outbound.Topics.Add("prices");
        settings.Outbound.Binds.Add("tcp://127.0.0.1:*");
        settings.Outbound.SocketType = SocketType.Push;

        Assert.Throws<ArgumentException>(settings.Validate);
    }

    [Fact]
    public void ACompleteSideIsAccepted()
    {
        var settings = new ZeroMqTopicBridgeSettings();
        settings.Inbound.Prefixes.Add("");
        settings.Inbound.Binds.Add("tcp://127.0.0.1:*");

        settings.Validate();
        Assert.NotNull(ZeroMqTopicBridge.Props(settings));
    }
}
