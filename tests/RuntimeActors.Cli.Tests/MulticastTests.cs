using System.Net;

namespace RuntimeActors.Cli.Tests;

/// <summary>
/// The ractors command over epgm against libzmq (python3-zmq), each test in a network namespace of its own, as the
/// README's example runs: <c>./ractors send PUB --connect 'epgm://127.0.0.1;239.192.1.1:5556'</c>. The group and
/// port can be the README's own, since nothing else shares the namespace.
/// </summary>
public sealed class MulticastTests
{
    private const string Endpoint = "epgm://127.0.0.1;239.192.1.1:5556";
    private static readonly IPAddress Group = IPAddress.Parse("239.192.1.1");

    /// <summary>A libzmq SUB that prints each message's frames joined by '|', for as many messages as told.</summary>
    private const string LibzmqSub = """
        import sys, zmq
        sock = zmq.Context().socket(zmq.SUB)
        sock.setsockopt(zmq.SUBSCRIBE, b"")
        sock.setsockopt(zmq.RCVTIMEO, 60000)
        sock.connect(sys.argv[1])
        for _ in range(int(sys.argv[2])):
            print("|".join(f.decode() for f in sock.recv_multipart()), flush=True)
        """;

    /// <summary>A libzmq PUB that sends its arguments, each a message with frames split at '|', and lingers until they are out.</summary>
    private const string LibzmqPub = """
        import sys, zmq
        context = zmq.Context()
        sock = context.socket(zmq.PUB)
        sock.connect(sys.argv[1])
        for message in sys.argv[2:]:
            sock.send_multipart([frame.encode() for frame in message.split("|")])
        sock.close(linger=-1)
        context.term()
        """;

    [Fact]
    public async Task Ractors_send_pub_over_epgm_reaches_a_libzmq_sub()
    {
        using var netns = NetworkNamespace.Create();
        await using var sub = RactorsProcess.StartProgramInNamespace(netns.Name, "/usr/bin/python3", "-c", LibzmqSub, Endpoint, "2");
        await NetworkNamespace.WaitForMembershipAsync(sub.Id, Group, RactorsProcess.EventTimeout);

        await using var send = RactorsProcess.StartInNamespace(netns.Name, "send", "PUB", "--connect", Endpoint, "weather|sunny", "news");
        Assert.Equal(0, await send.ExitCodeAsync());
        Assert.Equal("weather|sunny", await sub.ReadLineAsync());
        Assert.Equal("news", await sub.ReadLineAsync());
        Assert.Equal(0, await sub.ExitCodeAsync());
    }

    [Fact]
    public async Task A_libzmq_pub_over_epgm_reaches_ractors_recv_sub_with_its_subscription()
    {
        using var netns = NetworkNamespace.Create();
        await using var recv = RactorsProcess.StartInNamespace(netns.Name, "recv", "SUB", "--connect", Endpoint, "--subscribe", "weather", "--count", "2");
        await NetworkNamespace.WaitForMembershipAsync(recv.Id, Group, RactorsProcess.EventTimeout);

        await using var pub = RactorsProcess.StartProgramInNamespace(netns.Name, "/usr/bin/python3", "-c", LibzmqPub, Endpoint, "weather|rain", "news|filtered", "weather|snow");
        Assert.Equal("weather|rain", await recv.ReadLineAsync());
        Assert.Equal("weather|snow", await recv.ReadLineAsync());
        Assert.Equal(0, await recv.ExitCodeAsync());
        Assert.Equal(0, await pub.ExitCodeAsync());
    }
}
