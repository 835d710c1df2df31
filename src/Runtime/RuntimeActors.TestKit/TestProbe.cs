using RuntimeActors.Actors;

namespace RuntimeActors.TestKit;

/// <summary>
/// An extra test actor with its own queue of expectations, for tests that play several roles
/// (two peers, a watcher and a sender).
/// </summary>
public sealed class TestProbe : TestKitBase
{
    private readonly ActorSystem _system;

    /// <summary>Creates a probe on <paramref name="system"/>, e.g. the actor system of a host under test.</summary>
    public TestProbe(ActorSystem system, string? name = null)
    {
        _system = system;
        Ref = system.ActorOf(Props.Create(() => new TestActor(QueueWriter)), name);
        AttachTestActor(Ref);
    }

    /// <inheritdoc />
    public override ActorSystem Sys => _system;

    /// <summary>The probe's actor: give it to the code under test as a recipient or sender.</summary>
    public IActorRef Ref { get; }

    /// <summary>Tells <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    public void Tell(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Forwards <paramref name="message"/> to <paramref name="target"/> keeping <see cref="TestKitBase.LastSender"/> as sender.</summary>
    public void Forward(IActorRef target, object message) => target.Tell(message, LastSender);

    /// <inheritdoc />
    public override string ToString() => $"TestProbe({Ref.Path})";
}
