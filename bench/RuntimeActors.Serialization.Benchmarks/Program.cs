using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using RuntimeActors;
using RuntimeActors.Serialization;

// Usage: dotnet run -c Release --project bench/RuntimeActors.Serialization.Benchmarks [-- seconds-per-row]
// For each message shape, serializes and deserializes a ZMessage and a Zmq.Received with Hyperion (through the
// message's surrogate, as Hyperion would take it if bound) and with ZMessageSerializer, for a fixed time, and prints
// the payload size and the round trips (ToBinary + FromBinary) a second.
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2.0;
using var system = ActorSystem.Create("bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
SocketRuntime.Get(system);
var extended = (ExtendedActorSystem)system;
var serializers = new (string Name, Serializer Serializer)[]
{
    ("hyperion", new HyperionSerializer(extended)),
    ("dedicated", new ZMessageSerializer(extended)),
};

var shapes = new (string Name, ZMessage Message)[]
{
    ("1 frame 64 B", Frames(1, 64)),
    ("3 frames 1 KB each", Frames(3, 1024)),
    ("1 frame 64 KB", Frames(1, 64 * 1024)),
};

Console.WriteLine($"{"message",-22} {"type",-9} {"serializer",-10} {"bytes",8} {"msg/s",12}");
foreach (var (shapeName, message) in shapes)
{
    foreach (var (typeName, payload) in new (string, object)[] { ("ZMessage", message), ("Received", new Zmq.Received(message)) })
    {
        foreach (var (name, serializer) in serializers)
        {
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, payload);
            var bytes = serializer.ToBinary(payload);
            Check(message, serializer.FromBinary(bytes, manifest, payload.GetType()));
            var rate = Measure(serializer, payload, manifest, TimeSpan.FromSeconds(seconds / 4));
            rate = Measure(serializer, payload, manifest, TimeSpan.FromSeconds(seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{shapeName,-22} {typeName,-9} {name,-10} {bytes.Length,8} {rate,12:N0}"));
        }
    }
}

await system.Terminate();

static double Measure(Serializer serializer, object payload, string manifest, TimeSpan duration)
{
    var type = payload.GetType();
    var stopwatch = Stopwatch.StartNew();
    long count = 0;
    while (stopwatch.Elapsed < duration)
    {
        for (var i = 0; i < 256; i++)
        {
            serializer.FromBinary(serializer.ToBinary(payload), manifest, type);
        }

        count += 256;
    }

    return count / stopwatch.Elapsed.TotalSeconds;
}

static ZMessage Frames(int count, int size)
{
    var message = new ZMessage();
    for (var i = 0; i < count; i++)
    {
        var frame = new byte[size];
        Random.Shared.NextBytes(frame);
        message.Append(frame);
    }

    return message;
}

static void Check(ZMessage expected, object back)
{
    var actual = back switch
    {
        ZMessage m => m,
        Zmq.Received r => r.Message,
        _ => throw new InvalidOperationException($"got a {back.GetType()}"),
    };
    if (!expected.Select(f => Convert.ToHexString(f.Span)).SequenceEqual(actual.Select(f => Convert.ToHexString(f.Span))))
    {
        throw new InvalidOperationException("the round trip changed the message");
    }
}

internal static class SerializerExtensions
{
    /// <summary>Deserializes as Akka does: by manifest for a serializer with string manifests, by type otherwise.</summary>
    public static object FromBinary(this Serializer serializer, byte[] bytes, string manifest, Type type) =>
        serializer is SerializerWithStringManifest withManifest ? withManifest.FromBinary(bytes, manifest) : serializer.FromBinary(bytes, type);
}
