namespace RuntimeActors.Actors;

internal sealed partial class ActorCell
{
    private List<Receive>? _behaviors;
    private TimerScheduler? _timers;
    private ActorStash? _stash;

    public ITimerScheduler Timers => _timers ??= new TimerScheduler(this);

    public IStash Stash => _stash ??= new ActorStash(this);

    public Envelope CurrentEnvelope => _current;

    public void Become(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behaviors ??= [];
        if (_behaviors.Count > 0)
        {
            _behaviors[^1] = receive;
        }
        else
        {
            _behaviors.Add(receive);
        }
    }

    public void BecomeStacked(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        (_behaviors ??= []).Add(receive);
    }

    public void UnbecomeStacked()
    {
        if (_behaviors is { Count: > 0 })
        {
            _behaviors.RemoveAt(_behaviors.Count - 1);
        }
    }

    /// <summary>Forgets the behaviour, timers and stash of a failed or stopped instance.</summary>
    private void ResetInstanceState(bool unstash)
    {
        _behaviors?.Clear();
        _timers?.CancelAll();
        if (_stash is null)
        {
            return;
        }

        if (unstash)
        {
            _stash.UnstashAll();
        }
        else
        {
            foreach (var envelope in _stash.Drain())
            {
                _system.PublishDeadLetter(envelope.Message, envelope.Sender, _self);
            }
        }
    }
}
