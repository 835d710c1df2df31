using Microsoft.Extensions.Logging;
using RuntimeActors.Actors;
using Xunit;
using Xunit.Abstractions;

namespace RuntimeActors.TestKit;

/// <summary>
/// The base class of xunit test classes that test actors: a fresh <see cref="ActorSystem"/> per test, a
/// <see cref="TestActor"/> whose messages the expectations inspect, probes for other roles, and actor logs
/// in the test's output. The system is terminated when the test ends.
/// </summary>
public abstract class TestKit : TestKitBase, IAsyncLifetime
{
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the system under test.</summary>
    /// <param name="output">xunit's output of the test, where actor logs go; null to drop them.</param>
    /// <param name="options">Settings of the system; null for defaults.</param>
    /// <param name="minimumLogLevel">The least severe log level written to <paramref name="output"/>.</param>
    protected TestKit(ITestOutputHelper? output = null, ActorSystemOptions? options = null, LogLevel minimumLogLevel = LogLevel.Information)
    {
        _loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(minimumLogLevel);
            if (output is not null)
            {
                logging.AddProvider(new TestOutputLoggerProvider(output));
            }
        });
        Sys = ActorSystem.Create("test", options, _loggerFactory);
        TestActor = Sys.ActorOf(Props.Create(() => new TestActor(QueueWriter)), "testActor");
        AttachTestActor(TestActor);
    }

    /// <inheritdoc />
    public override ActorSystem Sys { get; }

    /// <summary>The actor whose messages <c>ExpectMsg</c> and the other expectations of this class inspect.</summary>
    public IActorRef TestActor { get; }

    /// <summary>Creates a probe: another test actor with its own expectations.</summary>
    public TestProbe CreateTestProbe(string? name = null) => new(Sys, name);

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Terminates the system; fails the test if that takes longer than 10 seconds (dilated).</summary>
    public virtual async Task DisposeAsync()
    {
        try
        {
            await Sys.Terminate().WaitAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TestKitAssertionException($"The actor system did not terminate within {TestKitSettings.Dilated(TimeSpan.FromSeconds(10)).TotalSeconds:0} s.", e);
        }
        finally
        {
            _loggerFactory.Dispose();
        }
    }
}
