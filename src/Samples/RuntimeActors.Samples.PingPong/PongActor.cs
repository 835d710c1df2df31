using Akka.Actor;

namespace RuntimeActors.Samples.PingPong;

/// <summary>Owns a REP socket actor bound to a loopback port and answers every "ping N" with "pong N".</summary>
internal sealed class PongActor : ReceiveActor
{
    public PongActor(SocketRuntime runtime, IActorRef reportTo)
    {
        // The socket is a child: it stops with this actor, and its Received messages come here.
        var rep = Context.ActorOf(runtime.SocketProps(SocketType.Rep, receiver: Self), "rep");
        rep.Tell(new Zmq.Bind("tcp://127.0.0.1:*"), Self);

        Receive<Zmq.Bound>(bound => reportTo.Tell(bound, Self));
        Receive<Zmq.Received>(received =>
        {
            var ping = received.Message.GetString(0);
            Console.WriteLine($"{Self.Path} <- {ping}");
            rep.Tell(new Zmq.Send(ZMessage.FromStrings(ping.Replace("ping", "pong", StringComparison.Ordinal))), Self);
            rep.Tell(Zmq.ReceiveAck.One, Self);
        });
        Receive<Zmq.SendFailed>(failed => Console.Error.WriteLine($"{Self.Path}: the reply was not sent ({failed.Error}: {failed.Reason})"));
        Receive<Status.Failure>(failure => reportTo.Tell(failure, Self));
    }
}
