using RuntimeActors.Actors;

namespace RuntimeActors.Actors.Tests;

/// <summary>Small actors shared by the kernel tests.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(message => Sender.Tell(message, Self));
}

/// <summary>Reports its lifecycle hooks and its state to a probe; throws on demand.</summary>
internal sealed class LifecycleActor : ReceiveActor
{
    private readonly IActorRef _probe;
    private readonly int _instance;
    private int _state;

    public LifecycleActor(IActorRef probe, Func<int> nextInstance)
    {
        _probe = probe;
        _instance = nextInstance();
        Receive<Throw>(t => throw t.Exception);
        Receive<string>(s => s == "state", _ => Sender.Tell(new State(_instance, _state), Self));
        Receive<string>(s => s == "inc", _ => _state++);
        Receive<CreateChild>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name), Self));
        ReceiveAny(m => _probe.Tell(new Got(_instance, m), Self));
    }

    protected override void PreStart() => _probe.Tell(new Hook("PreStart", _instance, Self), Self);

    protected override void PostStop() => _probe.Tell(new Hook("PostStop", _instance, Self), Self);

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell(new Hook("PreRestart", _instance, Self, reason, message), Self);
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell(new Hook("PostRestart", _instance, Self, reason), Self);
        base.PostRestart(reason);
    }

    public static Props Props(IActorRef probe)
    {
        var instances = 0;
        return Actors.Props.Create(() => new LifecycleActor(probe, () => Interlocked.Increment(ref instances)));
    }
}

internal sealed record Throw(Exception Exception);

internal sealed record State(int Instance, int Value);

internal sealed record Got(int Instance, object Message);

internal sealed record Hook(string Name, int Instance, IActorRef Actor, Exception? Reason = null, object? Message = null);

internal sealed record CreateChild(Props Props, string? Name);

/// <summary>A supervisor whose strategy is given by the test; forwards child creation requests.</summary>
internal sealed class Supervisor(SupervisorStrategy strategy) : ReceiveActor
{
    public Supervisor(SupervisorStrategy strategy, IActorRef? probe)
        : this(strategy)
    {
        Receive<CreateChild>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name), Self));
        Receive<Throw>(t => throw t.Exception);
        Receive<Terminated>(t => probe?.Tell(t, Self));
    }

    protected override SupervisorStrategy SupervisorStrategy() => strategy;

    public static Props Props(SupervisorStrategy strategy, IActorRef? probe = null) =>
        Actors.Props.Create(() => new Supervisor(strategy, probe));
}

internal sealed class TestException(string message) : Exception(message);

internal sealed class OtherTestException(string message) : Exception(message);
