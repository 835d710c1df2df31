namespace RuntimeActors.Hosting.Tests;

/// <summary>The key of the hosted PULL socket the tests push to.</summary>
public sealed class Inbox;

/// <summary>The key of the hosted PUSH socket the tests drive through its actor.</summary>
public sealed class Outbox;

/// <summary>The key of the hosted REP socket a libzmq REQ peer talks to.</summary>
public sealed class Replies;
