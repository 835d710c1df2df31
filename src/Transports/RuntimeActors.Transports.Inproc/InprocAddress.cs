namespace RuntimeActors.Transports.Inproc;

/// <summary>An inproc name: any non-empty string, compared byte for byte (zmq_inproc(7)).</summary>
internal sealed class InprocAddress(string name) : TransportAddress
{
    public override string Transport => InprocTransport.TransportName;

    public override string Address { get; } = name;
}
