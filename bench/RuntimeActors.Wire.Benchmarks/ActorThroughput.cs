using Akka.Actor;
using Akka.Configuration;

namespace RuntimeActors.Wire.Benchmarks;

/// <summary>
/// PUSH to PULL through the actor face, over tcp: an Akka.NET actor tells a PUSH socket actor <see cref="Zmq.Send"/>
/// with Akka.IO-style flow control (<see cref="ActorSender"/>), and in the other process a PULL socket actor tells an
/// actor <see cref="Zmq.Received"/>, acknowledged in batches (<see cref="ActorReceiver"/>). Each side runs in an actor
/// system of its own, as an Akka application would, with the runtime set up on it by <see cref="SocketRuntime.Create(ActorSystem, Action{SocketRuntimeBuilder}?)"/>.
/// </summary>
internal static class ActorThroughput
{
    // What SocketRuntime.Create gives an actor system of its own: no informational lines on the standard output,
    // which run.sh parses.
    private static readonly Config SystemConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters-during-shutdown = off
        """);

    /// <summary>The bound side: prints the same <c>thr</c> line as <see cref="Throughput.ReceiveAsync"/>.</summary>
    public static Task<string> ReceiveAsync(Workload workload) =>
        RunAsync("actor-pull", (runtime, done) => Props.Create(() => new ActorReceiver(runtime, workload, done)));

    /// <summary>The connecting side: prints the same <c>send</c> line as <see cref="Throughput.SendAsync"/>, plus how many sends the socket refused.</summary>
    public static Task<string> SendAsync(Workload workload) =>
        RunAsync("actor-push", (runtime, done) => Props.Create(() => new ActorSender(runtime, workload, done)));

    private static async Task<string> RunAsync(string name, Func<SocketRuntime, TaskCompletionSource<string>, Props> props)
    {
        var system = ActorSystem.Create(name, SystemConfig);
        try
        {
            var runtime = SocketRuntime.Create(system, b => b.AddTcp());
            await using (runtime.ConfigureAwait(false))
            {
                var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                system.ActorOf(props(runtime, done), "bench");
                return await done.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }
}
