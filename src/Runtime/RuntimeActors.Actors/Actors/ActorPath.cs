namespace RuntimeActors.Actors;

/// <summary>
/// The path of an actor in its system's hierarchy. Paths are descriptive: equality of actors is decided by
/// their <see cref="IActorRef"/>, since a name can be reused after the actor that held it stopped.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    /// <summary>The scheme that prefixes every path.</summary>
    public const string Scheme = "ractors";

    private readonly string _text;

    private ActorPath(string systemName, ActorPath? parent, string name)
    {
        SystemName = systemName;
        Parent = parent;
        Name = name;
        _text = parent is null ? $"{Scheme}://{systemName}" : $"{parent._text}/{name}";
    }

    /// <summary>The name of the actor system the path belongs to.</summary>
    public string SystemName { get; }

    /// <summary>The parent's path, or null for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>The last element of the path; empty for the root.</summary>
    public string Name { get; }

    /// <summary>The path of the root of the system named <paramref name="systemName"/>.</summary>
    public static ActorPath Root(string systemName) => new(systemName, null, string.Empty);

    /// <summary>The path of the child named <paramref name="name"/> below this one.</summary>
    public ActorPath Child(string name) => new(SystemName, this, name);

    /// <inheritdoc />
    public override string ToString() => _text;

    /// <inheritdoc />
    public bool Equals(ActorPath? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);
}
