namespace RuntimeActors.TestKit;

/// <summary>The greeting a <see cref="ZmtpTestPeer"/> received.</summary>
/// <param name="Major">The major version.</param>
/// <param name="Minor">The minor version.</param>
/// <param name="Mechanism">The security mechanism name, without its padding.</param>
/// <param name="AsServer">Whether the other side takes the server role of the mechanism.</param>
public sealed record ZmtpTestGreeting(byte Major, byte Minor, string Mechanism, bool AsServer);
