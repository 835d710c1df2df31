namespace RuntimeActors.Properties.Tests;

/// <summary>
/// AFL-style mutations of a seed (bit flips, interesting bytes, inserted, deleted, repeated and spliced ranges), driven
/// by one random seed so that CsCheck can report and replay the case.
/// </summary>
internal static class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x02, 0x04, 0x06, 0x7F, 0x80, 0xFF, 0xFE, 0x10, 0x40, 0x20];

    /// <summary>Applies 1 to 8 mutations to a copy of <paramref name="seed"/>, splicing from <paramref name="other"/> sometimes.</summary>
    public static byte[] Mutate(byte[] seed, byte[] other, int randomSeed)
    {
        var random = new Random(randomSeed);
        var data = new List<byte>(seed);
        var count = random.Next(1, 9);
        for (var i = 0; i < count; i++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(9))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 2 when data.Count > 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 3:
                    data.Insert(at, (byte)random.Next(256));
                    break;
                case 4 when data.Count > 0:
                    data.RemoveRange(at, random.Next(1, Math.Min(32, data.Count - at) + 1));
                    break;
                case 5 when data.Count > 0:
                    var length = random.Next(1, Math.Min(64, data.Count - at) + 1);
                    data.InsertRange(random.Next(data.Count + 1), data.GetRange(at, length));
                    break;
                case 6 when data.Count > 0:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 7 when other.Length > 0:
                    var from = random.Next(other.Length);
                    var taken = other.AsSpan(from, random.Next(1, Math.Min(128, other.Length - from) + 1)).ToArray();
                    data.InsertRange(at, taken);
                    break;
                case 8 when data.Count > 0:
                    // A length or size field set to an extreme: headers and length bytes are where parsers go wrong.
                    var value = random.Next(3) switch { 0 => 0xFF, 1 => 0x00, _ => 0x7F };
                    for (var k = at; k < Math.Min(data.Count, at + random.Next(1, 9)); k++)
                    {
                        data[k] = (byte)value;
                    }

                    break;
            }
        }

        return [.. data];
    }
}
