using CsCheck;
using RuntimeActors.Fuzz;
using Xunit.Abstractions;

namespace RuntimeActors.Properties.Tests;

/// <summary>
/// Every fuzz target (the same code AFL++ runs, scripts/fuzz.sh) on random bytes, mutated recordings of libzmq traffic
/// and mutated encoder output: each input must end in a valid result or the decoder's typed error (the targets let
/// nothing else through), and allocate at most a fixed bound beyond its own size, whatever lengths its headers claim.
/// </summary>
public sealed class FuzzTargetProperties(ITestOutputHelper output)
{
    /// <summary>
    /// What a decoder may allocate whatever the input claims: the largest body step (128 KiB, ZmtpMessageDecoder.BodyStep)
    /// plus a frame buffer and the mechanism's own state. A header's claim of a 1 GiB frame must not reach the allocator.
    /// </summary>
    private const long AllocationBase = 256 * 1024;

    /// <summary>Cases per target: a million in all, fewer for CURVE, whose every case makes a key pair.</summary>
    private static readonly (string Target, int Cases)[] Budget =
    [
        ("greeting", 100_000), ("frames", 150_000), ("decoder", 150_000), ("command", 150_000),
        ("null", 80_000), ("plain-client", 80_000), ("plain-server", 80_000),
        ("curve-client", 20_000), ("curve-server", 20_000), ("endpoint", 100_000), ("z85", 100_000),
    ];

    private static readonly HashSet<string> SetupByteTargets = ["decoder", "null", "plain-client", "plain-server", "curve-client", "curve-server"];

    [Fact]
    public void A_million_random_and_mutated_inputs_end_in_a_result_or_a_typed_error_within_the_allocation_bound()
    {
        Assert.Equal(FuzzTargets.All.Keys.Order(StringComparer.Ordinal), Budget.Select(b => b.Target).Order(StringComparer.Ordinal));
        long total = 0;
        foreach (var (name, cases) in Budget)
        {
            var target = FuzzTargets.All[name];
            long count = 0;
            Inputs(name).Sample(
                input =>
                {
                    Check(target, input);
                    Interlocked.Increment(ref count);
                },
                iter: cases);
            output.WriteLine($"{name}: {count} cases");
            Assert.Equal(cases, count);
            total += count;
        }

        output.WriteLine($"total: {total} cases");
        Assert.True(total >= 1_000_000, $"only {total} cases ran");
    }

    /// <summary>Runs <paramref name="target"/> once and checks what it allocated on this thread.</summary>
    internal static void Check(FuzzTarget target, byte[] input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        target(input);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(
            allocated <= AllocationBase + (16L * input.Length),
            $"{allocated} bytes allocated for a {input.Length}-byte input: {Convert.ToHexString(input)}");
    }

    private static Gen<byte[]> Inputs(string name)
    {
        var seeds = Corpus.Seeds(name);
        var mutatedSeed = Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int[0, seeds.Length - 1], Gen.Int, (a, b, r) => Mutator.Mutate(seeds[a], seeds[b], r));
        var random = Gen.Byte.Array[0, 400];
        if (name is "endpoint" or "z85")
        {
            var typed = Gen.Char["tcpivsomrn:/*@[]%;?-.0123456789abcdefABCDEF:!#$^&()<>{}=+ \u00e9\u4e2d"].Array[0, 60]
                .Select(chars => System.Text.Encoding.UTF8.GetBytes(chars));
            return Gen.OneOf(random, mutatedSeed, mutatedSeed, typed);
        }

        var encoded = Encoded.Stream;
        if (name == "command")
        {
            // A command body is a frame's body: cut the header off an encoded frame.
            encoded = Encoded.Frame.Select(frame => frame[((frame[0] & 0x02) != 0 ? 9 : 2)..]);
        }
        else if (name == "greeting")
        {
            encoded = Gen.Select(Gen.Bool, Gen.Int[0, 2], (asServer, m) =>
            {
                var greeting = new byte[RuntimeActors.Wire.ZmtpGreeting.Length];
                RuntimeActors.Wire.ZmtpGreeting.Write(greeting, ((string[])["NULL", "PLAIN", "CURVE"])[m], asServer);
                return greeting;
            });
        }
        else if (SetupByteTargets.Contains(name))
        {
            encoded = Gen.Select(Gen.Byte, Encoded.Stream, (setup, stream) => (byte[])[setup, .. stream]);
        }

        var mutatedEncoding = Gen.Select(encoded, Gen.Int[0, seeds.Length - 1], Gen.Int, (e, b, r) => Mutator.Mutate(e, seeds[b], r));
        return Gen.OneOf(random, mutatedSeed, mutatedSeed, mutatedEncoding, encoded);
    }
}
