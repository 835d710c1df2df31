namespace RuntimeActors.Actors;

/// <summary>
/// An actor whose behaviour is a list of typed handlers, registered in its constructor with
/// <see cref="Receive{T}(Action{T})"/>; the first handler whose type and predicate match
/// handles the message.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private List<Receive> _handlers = [];
    private Receive? _compiled;

    /// <summary>Handles every message of type <typeparamref name="T"/>.</summary>
    protected void Receive<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddHandler(message =>
        {
            if (message is T typed)
            {
                handler(typed);
                return true;
            }

            return false;
        });
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> that satisfy <paramref name="shouldHandle"/>.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(shouldHandle);
        ArgumentNullException.ThrowIfNull(handler);
        AddHandler(message =>
        {
            if (message is T typed && shouldHandle(typed))
            {
                handler(typed);
                return true;
            }

            return false;
        });
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> for which <paramref name="handler"/> returns true.</summary>
    protected void Receive<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddHandler(message => message is T typed && handler(typed));
    }

    /// <summary>Handles every message not handled by an earlier registration.</summary>
    protected void ReceiveAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddHandler(message =>
        {
            handler(message);
            return true;
        });
    }

    /// <summary>Replaces the behaviour with the handlers that <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Context.Become(Build(configure));

    /// <summary>Pushes the handlers that <paramref name="configure"/> registers on the behaviour stack.</summary>
    protected void BecomeStacked(Action configure) => Context.BecomeStacked(Build(configure));

    /// <inheritdoc />
    protected sealed override bool Receive(object message) => (_compiled ??= Compile(_handlers))(message);

    private void AddHandler(Receive handler)
    {
        _handlers.Add(handler);
        _compiled = null;
    }

    private Receive Build(Action configure)
    {
        var outer = _handlers;
        _handlers = [];
        try
        {
            configure();
            return Compile(_handlers);
        }
        finally
        {
            _handlers = outer;
        }
    }

    private static Receive Compile(List<Receive> handlers)
    {
        var array = handlers.ToArray();
        return message =>
        {
            foreach (var handler in array)
            {
                if (handler(message))
                {
                    return true;
                }
            }

            return false;
        };
    }
}
