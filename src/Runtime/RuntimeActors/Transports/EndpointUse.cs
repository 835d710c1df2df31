namespace RuntimeActors.Transports;

/// <summary>Whether an address is resolved to bind or to connect; wildcards are only valid for binding.</summary>
public enum EndpointUse
{
    /// <summary>The address is bound: wildcards (<c>*</c>) and ephemeral ports are allowed.</summary>
    Bind,

    /// <summary>The address is connected to: it must name one peer.</summary>
    Connect,
}
