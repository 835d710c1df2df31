namespace RuntimeActors.Pipes;

/// <summary>
/// The topic prefixes a subscriber asked for, counted so that two subscriptions of one prefix need two
/// cancellations, as in libzmq. A message matches when one of the prefixes starts it.
/// </summary>
internal sealed class SubscriptionSet
{
    private readonly Dictionary<string, (byte[] Prefix, int Count)> _prefixes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _bytes;

    /// <summary>The bytes of the distinct prefixes together, which bound what a peer's subscriptions hold.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _prefixes.Count;
            }
        }
    }

    /// <summary>Adds a subscription; true when the prefix is new (its first subscription).</summary>
    public bool Add(ReadOnlySpan<byte> prefix)
    {
        TryAdd(prefix, maxCount: 0, maxBytes: 0, out var first);
        return first;
    }

    /// <summary>
    /// Adds a subscription unless its prefix is new and would take the set past <paramref name="maxCount"/> distinct
    /// prefixes or <paramref name="maxBytes"/> bytes of them (0: no bound). Another subscription of a prefix already
    /// here costs only its count, so it is always taken.
    /// </summary>
    /// <param name="prefix">The topic prefix.</param>
    /// <param name="maxCount">The most distinct prefixes; 0 for no bound.</param>
    /// <param name="maxBytes">The most bytes of distinct prefixes together; 0 for no bound.</param>
    /// <param name="first">Whether the prefix is new (its first subscription).</param>
    /// <returns>False, with nothing added, when a bound would be passed.</returns>
    public bool TryAdd(ReadOnlySpan<byte> prefix, int maxCount, long maxBytes, out bool first)
    {
        if (maxBytes > 0 && prefix.Length > maxBytes)
        {
            // Refused before its key (two bytes per byte) is made: no prefix this long can be here already.
            first = false;
            return false;
        }

        var key = Key(prefix);
        lock (_gate)
        {
            if (_prefixes.TryGetValue(key, out var entry))
            {
                _prefixes[key] = (entry.Prefix, entry.Count + 1);
                first = false;
                return true;
            }

            first = true;
            if ((maxCount > 0 && _prefixes.Count >= maxCount) || (maxBytes > 0 && _bytes + prefix.Length > maxBytes))
            {
                first = false;
                return false;
            }

            _prefixes[key] = (prefix.ToArray(), 1);
            _bytes += prefix.Length;
            return true;
        }
    }

    /// <summary>Removes a subscription; true when it was the prefix's last one.</summary>
    public bool Remove(ReadOnlySpan<byte> prefix)
    {
        var key = Key(prefix);
        lock (_gate)
        {
            if (!_prefixes.TryGetValue(key, out var entry))
            {
                return false;
            }

            if (entry.Count > 1)
            {
                _prefixes[key] = (entry.Prefix, entry.Count - 1);
                return false;
            }

            _prefixes.Remove(key);
            _bytes -= entry.Prefix.Length;
            return true;
        }
    }

    public bool Matches(ReadOnlySpan<byte> topic)
    {
        lock (_gate)
        {
            foreach (var (prefix, _) in _prefixes.Values)
            {
                if (topic.StartsWith(prefix))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Every distinct prefix with its count, and forgets them all.</summary>
    public IReadOnlyList<(byte[] Prefix, int Count)> Clear()
    {
        lock (_gate)
        {
            var entries = _prefixes.Values.ToArray();
            _prefixes.Clear();
            _bytes = 0;
            return entries;
        }
    }

    /// <summary>Every distinct prefix, to replay the subscriptions to a new peer.</summary>
    public IReadOnlyList<byte[]> Prefixes()
    {
        lock (_gate)
        {
            return _prefixes.Values.Select(entry => entry.Prefix).ToArray();
        }
    }

    // Latin-1 maps each byte to one char, so arbitrary binary prefixes make distinct keys.
    private static string Key(ReadOnlySpan<byte> prefix) => System.Text.Encoding.Latin1.GetString(prefix);
}
