namespace RuntimeActors.Samples.PingPong;

/// <summary>The game's settings, from the <c>PingPong</c> configuration section or <c>--rounds</c>.</summary>
internal sealed class PingPongOptions
{
    public const string SectionName = "PingPong";

    /// <summary>How many times the ball goes to pong and back. Default 5.</summary>
    public int Rounds { get; set; } = 5;
}
