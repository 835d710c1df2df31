namespace RuntimeActors.Samples.PingPong;

/// <summary>The message the two players exchange: a ping when it goes to pong, a pong when it comes back.</summary>
/// <param name="Round">The round, from 1.</param>
/// <param name="IsPing">Whether it is on its way to pong.</param>
internal sealed record Ball(int Round, bool IsPing)
{
    public override string ToString() => $"{(IsPing ? "ping" : "pong")} #{Round}";
}
