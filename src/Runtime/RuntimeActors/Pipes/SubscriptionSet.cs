namespace RuntimeActors.Pipes;

/// <summary>
/// The topic prefixes a subscriber asked for, counted so that two subscriptions of one prefix need two
/// cancellations, as in libzmq. A message matches when one of the prefixes starts it.
/// </summary>
internal sealed class SubscriptionSet
{
    private readonly Dictionary<string, (byte[] Prefix, int Count)> _prefixes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

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
        var key = Key(prefix);
        lock (_gate)
        {
            if (_prefixes.TryGetValue(key, out var entry))
            {
                _prefixes[key] = (entry.Prefix, entry.Count + 1);
                return false;
            }

            _prefixes[key] = (prefix.ToArray(), 1);
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
