namespace RuntimeActors.Actors;

/// <summary>The stash of one actor; messages go back to the head of its mailbox in their original order.</summary>
internal sealed class ActorStash(ActorCell owner) : IStash
{
    private readonly List<Envelope> _stashed = [];

    public int Count => _stashed.Count;

    public void Stash()
    {
        var current = owner.CurrentEnvelope;
        if (current.Message is null)
        {
            throw new InvalidOperationException("Stash can only be called while the actor processes a message.");
        }

        if (_stashed.Count > 0 && ReferenceEquals(_stashed[^1].Message, current.Message) && ReferenceEquals(_stashed[^1].Sender, current.Sender))
        {
            throw new InvalidOperationException($"The message {current.Message.GetType().Name} is already stashed.");
        }

        _stashed.Add(current);
    }

    public void Unstash()
    {
        if (_stashed.Count == 0)
        {
            return;
        }

        var first = _stashed[0];
        _stashed.RemoveAt(0);
        owner.Mailbox.Prepend([first]);
    }

    public void UnstashAll()
    {
        if (_stashed.Count == 0)
        {
            return;
        }

        owner.Mailbox.Prepend(_stashed.ToArray());
        _stashed.Clear();
    }

    public IReadOnlyList<object> ClearStash() => Drain().Select(envelope => envelope.Message).ToArray();

    internal List<Envelope> Drain()
    {
        var drained = new List<Envelope>(_stashed);
        _stashed.Clear();
        return drained;
    }
}
