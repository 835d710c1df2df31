namespace RuntimeActors.Soak;

/// <summary>What one soak run does, from the command line.</summary>
/// <param name="Minutes">How long the traffic runs.</param>
/// <param name="Rate">Messages per second each workload sends at most (REQ/REP, one round trip at a time, a quarter of it).</param>
/// <param name="RestartEvery">How long each workload runs between two restarts of its peer.</param>
/// <param name="Python">The python with pyzmq that runs the libzmq peers.</param>
/// <param name="PeerScript">scripts/soak_peer.py.</param>
internal sealed record SoakSettings(int Minutes, int Rate, TimeSpan RestartEvery, string Python, string PeerScript)
{
    /// <summary>How long a drain (every message sent has arrived) may take before what is missing counts as lost.</summary>
    public static TimeSpan DrainLimit { get; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a peer may take to come up, or a connection to be seen gone.</summary>
    public static TimeSpan StepLimit { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The run's traffic time.</summary>
    public TimeSpan Duration => TimeSpan.FromMinutes(Minutes);

    /// <summary>When the first memory sample is taken: a tenth of the run, between 5 and 60 seconds.</summary>
    public TimeSpan Warmup => TimeSpan.FromSeconds(Math.Clamp(Duration.TotalSeconds / 10, 5, 60));
}
