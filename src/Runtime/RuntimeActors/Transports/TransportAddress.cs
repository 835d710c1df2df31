namespace RuntimeActors.Transports;

/// <summary>A resolved address of one transport; its <see cref="ToString"/> is the canonical endpoint.</summary>
public abstract class TransportAddress
{
    /// <summary>The name of the transport, e.g. <c>tcp</c>.</summary>
    public abstract string Transport { get; }

    /// <summary>The address part of the endpoint, as the user wrote it.</summary>
    public abstract string Address { get; }

    /// <summary>The endpoint, <c>transport://address</c>.</summary>
    public override string ToString() => $"{Transport}://{Address}";
}
