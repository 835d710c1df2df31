namespace RuntimeActors.Actors;

internal sealed partial class ActorCell
{
    private readonly Lock _childrenLock = new();
    private readonly Dictionary<string, ChildRestartStats> _children = new(StringComparer.Ordinal);

    // Children asked to stop whose termination has not arrived yet: a restart or a stop of this actor
    // completes only when they are gone, so that the tree always stops bottom-up.
    private readonly HashSet<IActorRef> _stoppingChildren = [];
    private long _nextChildNumber;
    private volatile bool _isTerminating;

    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            lock (_childrenLock)
            {
                return _children.Values.Select(stats => stats.Child).ToArray();
            }
        }
    }

    public bool IsTerminating => _isTerminating;

    public IActorRef ActorOf(Props props, string? name = null) => AttachChild(props, name).Self;

    public IActorRef? Child(string name)
    {
        lock (_childrenLock)
        {
            return _children.TryGetValue(name, out var stats) ? stats.Child : null;
        }
    }

    /// <summary>Creates and starts a child; safe to call from any thread.</summary>
    public ActorCell AttachChild(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is not null)
        {
            ValidateChildName(name);
        }

        ActorCell child;
        lock (_childrenLock)
        {
            if (_isTerminating)
            {
                throw new InvalidOperationException($"Cannot create a child of [{_self.Path}]: it is stopping.");
            }

            name ??= "$" + Convert.ToString(++_nextChildNumber, 16);
            if (_children.ContainsKey(name))
            {
                throw new InvalidActorNameException($"Actor name [{name}] is not unique under [{_self.Path}].");
            }

            child = new ActorCell(_system, props, _self, _self.Path.Child(name));
            _children.Add(name, new ChildRestartStats(child.SelfRef));
        }

        child.Start();
        return child;
    }

    public void Stop(IActorRef actor)
    {
        if (ReferenceEquals(actor, _self))
        {
            _mailbox.TryEnqueueSystem(StopSignal.Instance);
            return;
        }

        if (actor is not InternalActorRef target)
        {
            throw new ArgumentException($"Cannot stop [{actor.Path}]: it is not an actor of this runtime.", nameof(actor));
        }

        if (IsChild(actor))
        {
            _stoppingChildren.Add(actor);
        }

        target.SendSystemMessage(StopSignal.Instance);
    }

    private static void ValidateChildName(string name)
    {
        if (name.Length == 0)
        {
            throw new InvalidActorNameException("An actor name must not be empty.");
        }

        if (name[0] == '$')
        {
            throw new InvalidActorNameException($"Actor name [{name}] is invalid: names starting with '$' are reserved for generated names.");
        }

        foreach (var c in name)
        {
            if (c == '/' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new InvalidActorNameException($"Actor name [{name}] is invalid: it must not contain '/', white space or control characters.");
            }
        }
    }

    private bool IsChild(IActorRef actor) => TryGetChildStats(actor, out _);

    private bool TryGetChildStats(IActorRef actor, out ChildRestartStats stats)
    {
        lock (_childrenLock)
        {
            if (_children.TryGetValue(actor.Path.Name, out var found) && ReferenceEquals(found.Child, actor))
            {
                stats = found;
                return true;
            }
        }

        stats = null!;
        return false;
    }

    private List<ChildRestartStats> ChildStatsSnapshot()
    {
        lock (_childrenLock)
        {
            return [.. _children.Values];
        }
    }

    /// <summary>Forgets a child that has terminated; returns false when it was not (or no longer) a child.</summary>
    private bool RemoveChild(IActorRef actor)
    {
        _stoppingChildren.Remove(actor);
        lock (_childrenLock)
        {
            return _children.TryGetValue(actor.Path.Name, out var found)
                && ReferenceEquals(found.Child, actor)
                && _children.Remove(actor.Path.Name);
        }
    }

    private int ChildCount()
    {
        lock (_childrenLock)
        {
            return _children.Count;
        }
    }
}
