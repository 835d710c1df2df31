using RuntimeActors.Transports.Pgm.Receiving;

namespace RuntimeActors.Transports.Pgm.Tests;

public sealed class ReceiveWindowTests
{
    private static readonly ReceiveWindowSettings Settings = ReceiveWindowSettings.Default;
    private readonly List<WindowEvent> _events = [];
    private readonly List<uint> _naks = [];

    private static ReceiveWindow NewWindow() => new(Settings, () => 0.5);

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void In_order_data_is_handed_on_and_duplicates_dropped()
    {
        var window = NewWindow();
        window.OnData(100, 90, new byte[] { 1 }, null, Ms(0), _events);
        window.OnData(101, 90, new byte[] { 2 }, null, Ms(0), _events);
        window.OnData(101, 90, new byte[] { 2 }, null, Ms(0), _events);
        Assert.Equal([1, 2], _events.Select(e => e.Apdu.Span[0]).ToArray());
    }

    [Fact]
    public void Gap_is_naked_after_backoff_and_repaired_in_order()
    {
        var window = NewWindow();
        window.OnData(0, 0, new byte[] { 0 }, null, Ms(0), _events);
        window.OnData(3, 0, new byte[] { 3 }, null, Ms(0), _events);
        Assert.Single(_events);

        window.Poll(Ms(10), _naks, _events);
        Assert.Empty(_naks);
        window.Poll(Ms(25), _naks, _events);
        Assert.Equal([1u, 2u], _naks);

        _naks.Clear();
        window.Poll(Ms(100), _naks, _events);
        Assert.Empty(_naks);
        window.Poll(Ms(226), _naks, _events);
        Assert.Equal([1u, 2u], _naks);

        window.OnData(2, 0, new byte[] { 2 }, null, Ms(230), _events);
        window.OnData(1, 0, new byte[] { 1 }, null, Ms(230), _events);
        Assert.Equal([0, 1, 2, 3], _events.Select(e => e.Apdu.Span[0]).ToArray());
    }

    [Fact]
    public void Ncf_suppresses_the_nak_until_the_rdata_interval_passes()
    {
        var window = NewWindow();
        window.OnData(0, 0, new byte[] { 0 }, null, Ms(0), _events);
        window.OnData(2, 0, new byte[] { 2 }, null, Ms(0), _events);
        window.OnNcf(1, Ms(1));
        window.Poll(Ms(100), _naks, _events);
        Assert.Empty(_naks);
        window.Poll(Ms(202), _naks, _events);
        Assert.Equal([1u], _naks);
    }

    [Fact]
    public void Gap_is_given_up_after_the_retries_and_reported_once()
    {
        var window = new ReceiveWindow(Settings with { NakNcfRetries = 2 }, () => 0);
        window.OnData(0, 0, new byte[] { 0 }, null, Ms(0), _events);
        window.OnData(2, 0, new byte[] { 2 }, null, Ms(0), _events);
        for (var t = 0; t <= 1000; t += 10)
        {
            window.Poll(Ms(t), _naks, _events);
        }

        Assert.Equal(3, _naks.Count);
        Assert.Collection(
            _events,
            e => Assert.Equal(0, e.Apdu.Span[0]),
            e => Assert.Equal((true, 0, 1L), (e.IsLoss, e.Apdu.Length, e.LostPackets)),
            e => Assert.Equal(2, e.Apdu.Span[0]));
    }

    [Fact]
    public void Trail_passing_a_gap_gives_it_up()
    {
        var window = NewWindow();
        window.OnData(0, 0, new byte[] { 0 }, null, Ms(0), _events);
        window.OnData(5, 0, new byte[] { 5 }, null, Ms(0), _events);
        window.OnSpm(5, 5, Ms(1), _events);
        Assert.Equal(3, _events.Count);
        Assert.Equal(4, _events[1].LostPackets);
        Assert.Contains("window", _events[1].Reason, StringComparison.Ordinal);
        Assert.Equal(5, _events[2].Apdu.Span[0]);
    }

    [Fact]
    public void First_spm_places_the_window_after_its_lead_and_later_spms_reveal_lost_tails()
    {
        var window = NewWindow();
        window.OnSpm(0, 9, Ms(0), _events);
        Assert.Equal(10u, window.Next);
        window.OnSpm(0, 11, Ms(0), _events);
        window.Poll(Ms(30), _naks, _events);
        Assert.Equal([10u, 11u], _naks);
    }

    [Fact]
    public void Sequence_numbers_wrap()
    {
        var window = NewWindow();
        window.OnData(uint.MaxValue, uint.MaxValue, new byte[] { 1 }, null, Ms(0), _events);
        window.OnData(0, uint.MaxValue, new byte[] { 2 }, null, Ms(0), _events);
        Assert.Equal(2, _events.Count);
    }

    [Fact]
    public void Fragments_are_reassembled()
    {
        var window = NewWindow();
        window.OnData(7, 0, "ab"u8.ToArray(), new Wire.PgmFragment(7, 0, 5), Ms(0), _events);
        window.OnData(8, 0, "cde"u8.ToArray(), new Wire.PgmFragment(7, 2, 5), Ms(0), _events);
        Assert.Equal("abcde"u8.ToArray(), Assert.Single(_events).Apdu.ToArray());
    }
}
