using Akka.Actor;
using RuntimeActors;
using RuntimeActors.Samples.PingPong;

// Two Akka.NET actors play ping-pong over ZeroMQ: each owns a socket actor (REP and REQ) as its child, and the balls
// travel over tcp on the loopback, as they would between two processes or machines. Usage: [--rounds N] (default 5).
var rounds = args is ["--rounds", var text] && int.TryParse(text, out var parsed) && parsed > 0 ? parsed : 5;
var patience = TimeSpan.FromSeconds(10);

using var system = ActorSystem.Create("pingpong");
var runtime = SocketRuntime.Create(system, transports => transports.AddTcp());
var inbox = Inbox.Create(system);

system.ActorOf(Props.Create(() => new PongActor(runtime, inbox.Receiver)), "pong");
if (await inbox.ReceiveAsync(patience) is not Zmq.Bound bound)
{
    Console.Error.WriteLine("pong could not bind");
    return 1;
}

Console.WriteLine($"pong listens on {bound.Endpoint}");
system.ActorOf(Props.Create(() => new PingActor(runtime, bound.Endpoint, rounds, inbox.Receiver)), "ping");
var outcome = await inbox.ReceiveAsync(patience);
await system.Terminate();
if (outcome is int played)
{
    Console.WriteLine($"game over after {played} rounds");
    return 0;
}

Console.Error.WriteLine($"the game failed: {outcome}");
return 1;
