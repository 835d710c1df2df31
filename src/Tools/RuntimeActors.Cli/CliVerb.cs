namespace RuntimeActors.Cli;

/// <summary>What the command does with its socket.</summary>
internal enum CliVerb
{
    /// <summary>Sends each message and exits.</summary>
    Send,

    /// <summary>Prints each message received.</summary>
    Recv,

    /// <summary>Answers each request.</summary>
    Reply,

    /// <summary>Sends each request and prints its reply.</summary>
    Request,
}
