namespace RuntimeActors.Cli;

/// <summary>The lines of <c>--stats</c>: a socket's status as key=value pairs, one line for the socket and one per peer.</summary>
internal static class SocketStats
{
    public static IEnumerable<string> Lines(Zmq.SocketStatus status)
    {
        yield return $"stats socket={SocketTypeNames.Name(status.Type)} bound={string.Join(',', status.Bound)} connected={string.Join(',', status.Connected)} " +
            $"peers={status.Peers.Count} inbound_queued={status.InboundQueued} dropped={status.DroppedAtHighWaterMark}";
        foreach (var peer in status.Peers)
        {
            var type = peer.PeerType is { } peerType ? SocketTypeNames.Name(peerType) : "-";
            yield return $"stats peer endpoint={peer.Endpoint} remote={peer.RemoteAddress ?? "-"} type={type} " +
                $"sent={peer.MessagesSent} received={peer.MessagesReceived} queued={peer.OutboundQueued}";
        }
    }

    public static async Task WriteAsync(Zmq.SocketStatus status, TextWriter writer)
    {
        foreach (var line in Lines(status))
        {
            await writer.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
