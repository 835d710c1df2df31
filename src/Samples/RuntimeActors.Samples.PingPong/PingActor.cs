using Akka.Actor;

namespace RuntimeActors.Samples.PingPong;

/// <summary>Owns a REQ socket actor connected to pong's endpoint, sends "ping 1" and the next ping after each pong, then reports.</summary>
internal sealed class PingActor : ReceiveActor
{
    private int _round;

    public PingActor(SocketRuntime runtime, string endpoint, int rounds, IActorRef reportTo)
    {
        var req = Context.ActorOf(runtime.SocketProps(SocketType.Req, receiver: Self), "req");
        req.Tell(new Zmq.Connect(endpoint), Self);

        Receive<Zmq.Connecting>(_ => req.Tell(new Zmq.Send(ZMessage.FromStrings($"ping {++_round}")), Self));
        Receive<Zmq.Received>(received =>
        {
            Console.WriteLine($"{Self.Path} <- {received.Message.GetString(0)}");
            req.Tell(Zmq.ReceiveAck.One, Self);
            if (_round < rounds)
            {
                req.Tell(new Zmq.Send(ZMessage.FromStrings($"ping {++_round}")), Self);
            }
            else
            {
                reportTo.Tell(_round, Self);
            }
        });
        Receive<Zmq.SendFailed>(failed => reportTo.Tell(new Status.Failure(new ZmqException(failed.Error, endpoint, failed.Reason)), Self));
        Receive<Status.Failure>(failure => reportTo.Tell(failure, Self));
    }
}
