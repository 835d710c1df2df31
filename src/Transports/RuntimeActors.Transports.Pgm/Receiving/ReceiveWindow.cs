using RuntimeActors.Transports.Pgm.Wire;

namespace RuntimeActors.Transports.Pgm.Receiving;

/// <summary>
/// One source's receive window with its NAK state machine (RFC 3208 as OpenPGM's rxw.c and receiver.c run it, with
/// libzmq's settings): data is handed on in sequence order, a gap is NAKed after a random back-off, NAKed again every
/// NAK repeat interval until an NCF or the data comes, and given up after the retries or when the source's trail passes
/// it. Pure: the caller passes the time, so tests drive it with any clock.
/// </summary>
internal sealed class ReceiveWindow
{
    /// <summary>A gap wider than this is not NAKed packet by packet: it is reported lost at once.</summary>
    public const uint MaxGap = 1 << 16;

    /// <summary>The largest APDU reassembled from fragments.</summary>
    public const uint MaxApdu = 64 << 20;

    private readonly Dictionary<uint, Slot> _slots = [];
    private readonly Func<double> _random;
    private readonly ReceiveWindowSettings _settings;
    private readonly List<uint> _expired = [];
    private uint _next;
    private uint _lead;
    private byte[]? _apdu;
    private uint _apduFirst;
    private int _apduFilled;

    /// <summary>Creates a window; <paramref name="random"/> returns numbers in [0, 1) for the NAK back-off.</summary>
    public ReceiveWindow(ReceiveWindowSettings settings, Func<double> random)
    {
        _settings = settings;
        _random = random;
    }

    private enum NakState
    {
        BackOff,
        WaitNcf,
        WaitData,
    }

    /// <summary>Whether a first packet has placed the window.</summary>
    public bool IsDefined { get; private set; }

    /// <summary>The next sequence number to hand on.</summary>
    public uint Next => _next;

    /// <summary>How many sequence numbers are missing and still being repaired.</summary>
    public int MissingCount => _slots.Values.Count(s => s.Data is null && !s.Lost);

    /// <summary>
    /// Takes an ODATA or RDATA packet. An APDU it hands on at once may be <paramref name="tsdu"/> itself: the caller reads
    /// the events before it reuses the packet's buffer.
    /// </summary>
    public void OnData(uint sqn, uint trail, ReadOnlyMemory<byte> tsdu, PgmFragment? fragment, TimeSpan now, List<WindowEvent> output)
    {
        if (!IsDefined)
        {
            // A late joiner starts at the first packet it sees, not at the trail: older data is not its to ask for.
            IsDefined = true;
            _next = sqn;
            _lead = sqn - 1;
        }

        if (Before(sqn, _next))
        {
            return;
        }

        if (Distance(_next, sqn) >= MaxGap)
        {
            Resync(sqn, output, "the source jumped ahead further than the window reaches");
        }

        ApplyTrail(trail);
        if (Before(sqn, _next))
        {
            Drain(output);
            return;
        }

        if (sqn == _next && _slots.Count == 0 && fragment is null)
        {
            // In order with nothing missing, the common case: handed on as it is, without a copy or a slot.
            _next++;
            if (After(sqn, _lead))
            {
                _lead = sqn;
            }

            _apdu = null;
            output.Add(new WindowEvent(tsdu, 0, null));
            return;
        }

        EnsureUpTo(sqn, now);
        if (_slots.TryGetValue(sqn, out var slot) && (slot.Data is not null || slot.Lost))
        {
            Drain(output);
            return;
        }

        _slots[sqn] = new Slot { Data = tsdu.ToArray(), Fragment = fragment };
        if (After(sqn, _lead))
        {
            _lead = sqn;
        }

        Drain(output);
    }

    /// <summary>Takes an SPM's window: the first SPM places a new window after its lead; later ones reveal lost tails.</summary>
    public void OnSpm(uint trail, uint lead, TimeSpan now, List<WindowEvent> output)
    {
        if (!IsDefined)
        {
            IsDefined = true;
            _next = lead + 1;
            _lead = lead;
            return;
        }

        ApplyTrail(trail);
        if (After(lead, _lead))
        {
            if (Distance(_next, lead) >= MaxGap)
            {
                Resync(lead + 1, output, "the source's window moved further than the window reaches");
                _lead = lead;
                return;
            }

            EnsureUpTo(lead + 1, now);
        }

        Drain(output);
    }

    /// <summary>An NCF for <paramref name="sqn"/>: the source will repair it, so wait for RDATA instead of NAKing.</summary>
    public void OnNcf(uint sqn, TimeSpan now)
    {
        if (!IsDefined || Before(sqn, _next) || Distance(_next, sqn) >= MaxGap)
        {
            return;
        }

        EnsureUpTo(sqn + 1, now);
        if (_slots.TryGetValue(sqn, out var slot) && slot.Data is null && !slot.Lost)
        {
            slot.State = NakState.WaitData;
            slot.Deadline = now + _settings.NakRdataInterval;
        }
    }

    /// <summary>
    /// Runs the NAK timers: adds to <paramref name="naks"/> the sequence numbers to NAK now, and hands on what
    /// giving up made deliverable.
    /// </summary>
    public void Poll(TimeSpan now, List<uint> naks, List<WindowEvent> output)
    {
        var gaveUp = false;
        foreach (var (sqn, slot) in _slots)
        {
            if (slot.Data is not null || slot.Lost || now < slot.Deadline)
            {
                continue;
            }

            switch (slot.State)
            {
                case NakState.BackOff:
                    break;
                case NakState.WaitNcf when ++slot.NcfRetries > _settings.NakNcfRetries:
                case NakState.WaitData when ++slot.DataRetries > _settings.NakDataRetries:
                    slot.Lost = true;
                    slot.Reason = "the source did not repair it after repeated NAKs";
                    gaveUp = true;
                    continue;
                default:
                    break;
            }

            naks.Add(sqn);
            slot.State = NakState.WaitNcf;
            slot.Deadline = now + _settings.NakRepeatInterval;
        }

        if (gaveUp)
        {
            Drain(output);
        }
    }

    /// <summary>Serial-number comparison (RFC 1982): whether <paramref name="a"/> comes before <paramref name="b"/>.</summary>
    public static bool Before(uint a, uint b) => (int)(a - b) < 0;

    /// <summary>Whether <paramref name="a"/> comes after <paramref name="b"/>.</summary>
    public static bool After(uint a, uint b) => (int)(a - b) > 0;

    private static uint Distance(uint from, uint to) => to - from;

    // Adds NAK state for every sequence number after the lead up to (not including) 'end'.
    private void EnsureUpTo(uint end, TimeSpan now)
    {
        while (Before(_lead + 1, end))
        {
            _lead++;
            _slots.TryAdd(_lead, new Slot { Deadline = now + (_settings.NakBackOffInterval * _random()) });
        }

        if (After(end - 1, _lead))
        {
            _lead = end - 1;
        }
    }

    // The source no longer holds anything before its trail: what is still missing there is lost.
    private void ApplyTrail(uint trail)
    {
        if (!After(trail, _next))
        {
            return;
        }

        if (Distance(_next, trail) >= MaxGap)
        {
            return;
        }

        for (var s = _next; Before(s, trail); s++)
        {
            if (!_slots.TryGetValue(s, out var slot))
            {
                _slots[s] = new Slot { Lost = true, Reason = "the source's transmit window no longer holds it" };
            }
            else if (slot.Data is null && !slot.Lost)
            {
                slot.Lost = true;
                slot.Reason = "the source's transmit window no longer holds it";
            }
        }

        if (Before(_lead, trail - 1))
        {
            _lead = trail - 1;
        }
    }

    private void Resync(uint start, List<WindowEvent> output, string reason)
    {
        Drain(output);
        var lost = (long)Distance(_next, start) - _slots.Count(kv => !Before(kv.Key, _next) && Before(kv.Key, start) && kv.Value.Data is not null);
        _slots.Clear();
        _apdu = null;
        output.Add(new WindowEvent(default, Math.Max(lost, 1), reason));
        _next = start;
        _lead = start - 1;
    }

    private void Drain(List<WindowEvent> output)
    {
        long lost = 0;
        string? reason = null;
        while (_slots.TryGetValue(_next, out var slot) && (slot.Data is not null || slot.Lost))
        {
            _slots.Remove(_next);
            _next++;
            if (slot.Lost)
            {
                lost++;
                reason ??= slot.Reason;
                _apdu = null;
                continue;
            }

            if (lost > 0)
            {
                output.Add(new WindowEvent(default, lost, reason));
                lost = 0;
                reason = null;
            }

            Deliver(_next - 1, slot, output);
        }

        if (lost > 0)
        {
            output.Add(new WindowEvent(default, lost, reason));
        }

        // Anything before the window's start is gone already (a trail that jumped, duplicates).
        _expired.Clear();
        foreach (var key in _slots.Keys)
        {
            if (Before(key, _next))
            {
                _expired.Add(key);
            }
        }

        foreach (var key in _expired)
        {
            _slots.Remove(key);
        }
    }

    private void Deliver(uint sqn, Slot slot, List<WindowEvent> output)
    {
        var data = slot.Data!;
        if (slot.Fragment is not { } fragment)
        {
            _apdu = null;
            output.Add(new WindowEvent(data, 0, null));
            return;
        }

        if (fragment.Offset == 0 && fragment.FirstSqn == sqn && fragment.ApduLength <= MaxApdu)
        {
            _apdu = new byte[fragment.ApduLength];
            _apduFirst = sqn;
            _apduFilled = 0;
        }

        if (_apdu is null || fragment.FirstSqn != _apduFirst || fragment.Offset != _apduFilled || _apduFilled + data.Length > _apdu.Length)
        {
            _apdu = null;
            return;
        }

        data.CopyTo(_apdu, _apduFilled);
        _apduFilled += data.Length;
        if (_apduFilled == _apdu.Length)
        {
            output.Add(new WindowEvent(_apdu, 0, null));
            _apdu = null;
        }
    }

    private sealed class Slot
    {
        public byte[]? Data;
        public PgmFragment? Fragment;
        public bool Lost;
        public string? Reason;
        public NakState State;
        public TimeSpan Deadline;
        public int NcfRetries;
        public int DataRetries;
    }
}
