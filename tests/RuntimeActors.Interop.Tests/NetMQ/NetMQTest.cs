using NetMQ;

namespace RuntimeActors.Interop.Tests.NetMQ;

/// <summary>
/// The base of the tests against NetMQ, a second real ZeroMQ stack (a managed port of libzmq) that, unlike libzmq
/// 4.3.4, greets with ZMTP 3.0 and so subscribes with messages whose first byte is 1 or 0 rather than with commands.
/// Its sockets run in this process, each on a thread of its own, and are disposed when the test ends.
/// </summary>
public abstract class NetMQTest(ITestOutputHelper output) : InteropTest(output)
{
    private readonly List<IAsyncDisposable> _netmq = [];

    /// <summary>A new NetMQ socket of <typeparamref name="TSocket"/>, disposed when the test ends.</summary>
    protected async Task<NetMQPeer<TSocket>> NetMQAsync<TSocket>(Func<TSocket> create)
        where TSocket : NetMQSocket
    {
        var peer = new NetMQPeer<TSocket>(create);
        _netmq.Add(peer);
        await peer.Started;
        return peer;
    }

    /// <summary>Links <paramref name="ours"/> and <paramref name="theirs"/> over loopback tcp, the one that binds a free port and the other connecting.</summary>
    protected static async Task LinkAsync<TSocket>(ZSocket ours, NetMQPeer<TSocket> theirs, bool dotnetBinds)
        where TSocket : NetMQSocket
    {
        if (dotnetBinds)
        {
            await theirs.ConnectAsync(await ours.BindAsync(AnyEndpoint("tcp")));
        }
        else
        {
            await ours.ConnectAsync(await theirs.BindAsync());
        }
    }

    public override async Task DisposeAsync()
    {
        foreach (var peer in _netmq)
        {
            await peer.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

/// <summary>
/// The NetMQ tests, in one collection so that NetMQ's process-wide context, ended after the last of them so that
/// none of its threads outlives the run, is not ended under a test still running.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NetMQCollection : ICollectionFixture<NetMQCollection.Context>
{
    public const string Name = "NetMQ";

    public sealed class Context : IDisposable
    {
        public void Dispose() => NetMQConfig.Cleanup(block: false);
    }
}
