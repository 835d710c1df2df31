namespace RuntimeActors.Cli;

/// <summary>The one place that decides which transports the command's endpoints can use.</summary>
internal static class CliTransports
{
    /// <summary>Registers every transport the command supports with <paramref name="builder"/>.</summary>
    public static void Register(SocketRuntimeBuilder builder)
    {
        // A new transport (ipc, inproc, vsock) is one more line here.
        builder.AddTcp();
    }
}
