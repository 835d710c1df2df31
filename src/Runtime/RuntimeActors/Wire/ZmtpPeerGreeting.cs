namespace RuntimeActors.Wire;

/// <summary>What a peer's validated greeting told us.</summary>
/// <param name="MajorVersion">The peer's ZMTP major version; always 3 or higher.</param>
/// <param name="MinorVersion">The peer's ZMTP minor version.</param>
/// <param name="AsServer">Whether the peer takes the server role in the security handshake.</param>
internal readonly record struct ZmtpPeerGreeting(byte MajorVersion, byte MinorVersion, bool AsServer)
{
    /// <summary>
    /// False for a ZMTP 3.0 peer, which only understands subscriptions sent as messages whose
    /// first byte is 1 or 0; ZMTP 3.1 and later peers take SUBSCRIBE and CANCEL commands.
    /// </summary>
    public bool UsesSubscriptionCommands => MajorVersion > 3 || MinorVersion >= 1;
}
