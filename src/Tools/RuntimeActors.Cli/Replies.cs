namespace RuntimeActors.Cli;

/// <summary>How reply and request treat envelopes, kept apart from the sockets so that they can be tested alone.</summary>
internal static class Replies
{
    /// <summary>
    /// The answer to <paramref name="request"/>: the same frames, envelope included so that a ROUTER routes it
    /// back, with <paramref name="prefix"/> put before the last frame.
    /// </summary>
    public static ZMessage Answer(ZMessage request, string prefix)
    {
        if (request.Count == 0)
        {
            return ZMessage.FromStrings(prefix);
        }

        var answer = new ZMessage();
        for (var i = 0; i < request.Count - 1; i++)
        {
            answer.Append(request[i]);
        }

        var last = request[request.Count - 1];
        var prefixed = new byte[System.Text.Encoding.UTF8.GetByteCount(prefix) + last.Length];
        var written = System.Text.Encoding.UTF8.GetBytes(prefix, prefixed);
        last.Span.CopyTo(prefixed.AsSpan(written));
        return answer.Append(prefixed);
    }

    /// <summary>
    /// Where the body of a request a ROUTER received starts: after the routing id and, when the peer sent one
    /// (REQ, or a DEALER speaking like REQ), the empty delimiter frame.
    /// </summary>
    public static int RouterBodyStart(ZMessage request)
    {
        for (var i = 1; i < request.Count; i++)
        {
            if (request[i].Length == 0)
            {
                return i + 1;
            }
        }

        return Math.Min(1, request.Count);
    }

    /// <summary>A request as a DEALER sends it: after an empty delimiter frame, so that a REP peer accepts it as REQ's.</summary>
    public static ZMessage AsDealerRequest(ZMessage request) => request.Push(ReadOnlyMemory<byte>.Empty);

    /// <summary>Where the body of a reply a DEALER received starts: after the empty delimiter a REP or ROUTER echoed.</summary>
    public static int DealerReplyBodyStart(ZMessage reply) => reply.Count > 0 && reply[0].Length == 0 ? 1 : 0;
}
