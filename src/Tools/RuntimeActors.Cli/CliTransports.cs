namespace RuntimeActors.Cli;

/// <summary>The one place that decides which transports the command's endpoints can use.</summary>
internal static class CliTransports
{
    /// <summary>Registers every transport the command supports with <paramref name="builder"/>.</summary>
    public static void Register(SocketRuntimeBuilder builder)
    {
        // A new transport is one more line here. inproc works within one ractors process only, so it is of use
        // to a single command that both binds and connects.
        builder.AddTcp().AddIpc().AddInproc().AddVsock().AddVmci().AddPgm();

        // Standard output carries the messages and standard error the command's own lines: Akka's log lines would
        // land in the first. What goes wrong reaches the user as the command's error instead.
        builder.Config = Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = OFF\nakka.stdout-loglevel = OFF");
    }
}
